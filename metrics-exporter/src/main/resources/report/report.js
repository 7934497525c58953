// The validation report's charts, drawn with uPlot from the report's data embedded in the page
// (the body of /report?format=json). A chart is drawn only where the page has its placeholder;
// the page says in words why a chart is missing. When all are drawn, the body's data-charts-drawn
// holds their number and window.reportChartsDrawnAt the time since navigation started, in ms.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var drawn = 0;

  function place(id) {
    return document.getElementById(id);
  }

  function chart(id, options, columns) {
    var element = place(id);
    if (!element) {
      return;
    }
    options.width = element.clientWidth;
    options.height = 300;
    options.legend = { live: false };
    new uPlot(options, columns, element);
    drawn++;
  }

  function line(label, stroke, dash) {
    return { label: label, stroke: stroke, width: 2, dash: dash, points: { show: false } };
  }

  function unitScales() {
    return { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } };
  }

  // uPlot draws every series over one x column: the window's and the hold-out's points become
  // rows of their own, sorted by x, each with its series' y and null in the other (gaps spanned)
  function merged(x, window, holdout) {
    var rows = [];
    window[x].forEach(function (v, i) {
      rows.push([v, window.true_positive_rate[i], null]);
    });
    if (holdout) {
      holdout[x].forEach(function (v, i) {
        rows.push([v, null, holdout.true_positive_rate[i]]);
      });
    }
    rows.sort(function (a, b) {
      return a[0] - b[0] || (a[1] === null ? a[2] : a[1]) - (b[1] === null ? b[2] : b[1]);
    });
    return [0, 1, 2].map(function (c) {
      return rows.map(function (row) {
        return row[c];
      });
    });
  }

  var discrimination = data.discrimination;
  if (discrimination && discrimination.curve) {
    var holdoutCurve = discrimination.holdout_curve;
    var holdout = discrimination.holdout;
    var roc = merged("false_positive_rate", discrimination.curve, holdoutCurve);
    var rocSeries = [{}, line("window, AUC " + discrimination.auc_roc.toFixed(4), "#1f5fa8"),
      line("hold-out, AUC " + holdout.auc_roc.toFixed(4), "#7b1fa2", [6, 3]), line("random", "#9aa4ad", [4, 4])];
    rocSeries[1].spanGaps = rocSeries[2].spanGaps = true;
    if (!holdoutCurve) {
      rocSeries[2].label = "hold-out AUC " + holdout.auc_roc.toFixed(4) + " (no curve in the card)";
    }
    chart("chart-roc", {
      scales: unitScales(),
      axes: [{ label: "false positive rate" }, { label: "true positive rate" }],
      series: rocSeries
    }, [roc[0], roc[1], roc[2], roc[0]]);
    // the perfect model's CAP: all defaults first; its knee is at the window's default rate
    var rate = discrimination.defaults / discrimination.mature_outcomes;
    var cap = merged("population_share", discrimination.curve, holdoutCurve);
    var capSeries = [{}, line("window, Gini " + discrimination.gini.toFixed(4), "#1f5fa8"),
      line("hold-out, Gini " + holdout.gini.toFixed(4), "#7b1fa2", [6, 3]), line("random", "#9aa4ad", [4, 4]),
      line("perfect (window)", "#2e7d32", [2, 3])];
    capSeries[1].spanGaps = capSeries[2].spanGaps = true;
    if (!holdoutCurve) {
      capSeries[2].label = "hold-out Gini " + holdout.gini.toFixed(4) + " (no curve in the card)";
    }
    chart("chart-cap", {
      scales: unitScales(),
      axes: [{ label: "share of applicants, riskiest first" }, { label: "share of defaults" }],
      series: capSeries
    }, [cap[0], cap[1], cap[2], cap[0], cap[0].map(function (x) {
      return Math.min(1, x / rate);
    })]);
  }

  var calibration = data.calibration;
  if (calibration && calibration.grades && calibration.grades.length > 0) {
    var grades = calibration.grades;
    var index = grades.map(function (g, i) {
      return i;
    });
    chart("chart-calibration", {
      scales: { x: { time: false, range: [-0.5, grades.length - 0.5] } },
      axes: [{ label: "grade", splits: function () {
        return index;
      }, values: function (u, splits) {
        return splits.map(function (i) {
          return grades[i] ? grades[i].grade : "";
        });
      } }, { label: "default rate", size: 60 }],
      series: [{}, { label: "observed default rate", stroke: "#c62828", width: 2, points: { show: true, size: 7 } },
        { label: "mean PD", stroke: "#1f5fa8", width: 2, dash: [5, 3], points: { show: true, size: 7 } }]
    }, [index, grades.map(function (g) {
      return g.observed_default_rate;
    }), grades.map(function (g) {
      return g.mean_pd;
    })]);
  }

  function featureAxis(names) {
    return { splits: function () {
      return names.map(function (n, i) {
        return i;
      });
    }, values: function (u, splits) {
      return splits.map(function (i) {
        return names[i] === undefined ? "" : names[i];
      });
    }, rotate: -25, size: 110, font: "11px sans-serif" };
  }

  function bars(label, fill, align) {
    return { label: label, fill: fill, stroke: fill, width: 0, points: { show: false },
      paths: uPlot.paths.bars({ size: [align === 0 ? 0.6 : 0.38, 60], align: align }) };
  }

  var stability = data.stability;
  if (stability && stability.features) {
    var names = stability.features.map(function (f) {
      return f.feature;
    });
    var xs = names.map(function (n, i) {
      return i;
    });
    chart("chart-psi", {
      scales: { x: { time: false, range: [-0.5, names.length - 0.5] }, y: { range: function (u, min, max) {
        return [0, Math.max(0.3, max * 1.1)];
      } } },
      axes: [featureAxis(names), { label: "PSI", size: 60 }],
      series: [{}, bars("PSI", "#1f5fa8", 0), line("0.1", "#e0a100", [4, 4]), line("0.25", "#c62828", [4, 4])]
    }, [xs, stability.features.map(function (f) {
      return f.psi;
    }), xs.map(function () {
      return 0.1;
    }), xs.map(function () {
      return 0.25;
    })]);
  }

  var vintages = data.vintages;
  if (vintages && vintages.cohorts && vintages.cohorts.length >= 2) {
    var cohorts = vintages.cohorts.map(function (c) {
      return c.cohort;
    });
    var cx = cohorts.map(function (c, i) {
      return i;
    });
    chart("chart-vintages", {
      scales: { x: { time: false, range: [-0.5, cohorts.length - 0.5] } },
      axes: [featureAxis(cohorts), { label: "defaults to date", size: 60 }],
      series: [{}, bars("observed", "#c62828", -1), bars("expected", "#1f5fa8", 1)]
    }, [cx, vintages.cohorts.map(function (c) {
      return c.defaults;
    }), vintages.cohorts.map(function (c) {
      return c.expected_defaults;
    })]);
  }

  var reasons = data.reasons;
  if (reasons && reasons.available) {
    var features = reasons.mean_absolute_contribution;
    var fn = features.map(function (f) {
      return f.feature;
    });
    var fx = fn.map(function (n, i) {
      return i;
    });
    chart("chart-attribution", {
      scales: { x: { time: false, range: [-0.5, fn.length - 0.5] } },
      axes: [featureAxis(fn), { label: "mean |contribution|", size: 60 }],
      series: [{}, bars("drift window", "#1f5fa8", -1), bars("hold-out", "#9aa4ad", 1)]
    }, [fx, features.map(function (f) {
      return f.live;
    }), features.map(function (f) {
      return f.holdout;
    })]);
  }

  document.body.setAttribute("data-charts-drawn", String(drawn));
  window.reportChartsDrawnAt = performance.now();
})();
