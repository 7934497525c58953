package io.creditwatch.model.bundle;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rating grades of a model: PD intervals, best grade first, with what the hold-out set
 * showed in each. Grade {@code g} holds the PDs in {@code [lowerPd, upperPd)}; the last grade
 * includes 1. Calibration is tested per grade, rank ordering across grades and concentration over
 * them.
 *
 * <p>Grades and the answer's risk bands ({@link io.creditwatch.model.scoring.RiskBands}) are both
 * PD intervals but serve different readers. The bands are the service's: a few named classes in
 * every answer and on the operations dashboards, set by configuration and the same across model
 * versions. The grades are the model's master scale for validation: derived from each model's
 * hold-out so that every grade carries enough expected defaults to test its calibration, so they
 * change with the model. Their edge rules agree, and agree with the decision threshold: a PD on a
 * boundary belongs to the riskier side (a band's and a grade's upper limit is exclusive, as a PD
 * equal to the threshold is predicted a default).
 *
 * @param rule how the boundaries were chosen, in words
 */
public record MasterScale(String rule, List<Grade> grades) {

    public static final int DEFAULT_GRADES = 8;

    /** One grade: its name ("1" is the best), PD interval, and hold-out rows, defaults and mean PD. */
    public record Grade(String grade, double lowerPd, double upperPd, long holdoutRows, long holdoutDefaults,
                        double holdoutMeanPd) {
    }

    public MasterScale {
        if (grades.isEmpty()) {
            throw new IllegalArgumentException("a master scale needs a grade");
        }
        grades = List.copyOf(grades);
    }

    /**
     * The default rule: {@code grades} grades that each carry the same share of the hold-out's
     * expected defaults (the sum of its PDs), so every grade has about as many defaults to test
     * with; each boundary is the PD at which that cumulative share is reached, rounded to two
     * significant digits; boundaries that round to the same value are merged.
     */
    public static MasterScale derive(double[] pds, int[] labels, int grades) {
        if (grades < 2) {
            throw new IllegalArgumentException("a master scale needs at least two grades, got " + grades);
        }
        double[] sorted = pds.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(sorted).sum();
        double[] boundaries = new double[grades - 1];
        double cumulative = 0;
        int next = 0;
        for (int i = 0; i < sorted.length && next < boundaries.length; i++) {
            cumulative += sorted[i];
            while (next < boundaries.length && cumulative >= (next + 1.0) / grades * total) {
                boundaries[next++] = new BigDecimal(sorted[i]).round(new MathContext(2)).doubleValue();
            }
        }
        return withBoundaries(Arrays.stream(boundaries).distinct().toArray(), pds, labels,
                grades + " grades of equal expected defaults on the hold-out, boundaries rounded to 2 significant digits");
    }

    /** A master scale with the given upper PD boundaries (ascending, in (0, 1)), one grade more than boundaries. */
    public static MasterScale withBoundaries(double[] upperBoundaries, double[] pds, int[] labels, String rule) {
        if (pds.length != labels.length) {
            throw new IllegalArgumentException("one label per PD is needed");
        }
        for (int i = 0; i < upperBoundaries.length; i++) {
            if (!(upperBoundaries[i] > (i == 0 ? 0 : upperBoundaries[i - 1]) && upperBoundaries[i] < 1)) {
                throw new IllegalArgumentException("grade boundaries must rise strictly between 0 and 1, got "
                        + Arrays.toString(upperBoundaries));
            }
        }
        int count = upperBoundaries.length + 1;
        long[] rows = new long[count];
        long[] defaults = new long[count];
        double[] pdSums = new double[count];
        for (int i = 0; i < pds.length; i++) {
            int grade = indexOf(upperBoundaries, pds[i]);
            rows[grade]++;
            defaults[grade] += labels[i];
            pdSums[grade] += pds[i];
        }
        List<Grade> grades = new ArrayList<>(count);
        for (int g = 0; g < count; g++) {
            grades.add(new Grade(Integer.toString(g + 1), g == 0 ? 0 : upperBoundaries[g - 1],
                    g == count - 1 ? 1 : upperBoundaries[g], rows[g], defaults[g],
                    rows[g] == 0 ? 0 : pdSums[g] / rows[g]));
        }
        return new MasterScale(rule, grades);
    }

    public int size() {
        return grades.size();
    }

    /** For each PD, the index in {@link #grades()} of the grade it falls in. */
    public int[] indexesOf(double[] pds) {
        double[] upper = new double[grades.size() - 1];
        for (int g = 0; g < upper.length; g++) {
            upper[g] = grades.get(g).upperPd();
        }
        int[] indexes = new int[pds.length];
        for (int i = 0; i < pds.length; i++) {
            indexes[i] = indexOf(upper, pds[i]);
        }
        return indexes;
    }

    /** How many of these PDs fall in each grade. */
    public long[] counts(double[] pds) {
        long[] counts = new long[grades.size()];
        for (int grade : indexesOf(pds)) {
            counts[grade]++;
        }
        return counts;
    }

    private static int indexOf(double[] upperBoundaries, double pd) {
        int found = Arrays.binarySearch(upperBoundaries, pd);
        return found >= 0 ? found + 1 : -found - 1; // a PD on a boundary is in the grade above it
    }
}
