package io.creditwatch.model.monitoring;

import io.creditwatch.model.stats.TrafficLight;

/**
 * How much evidence each validation test needs before it is published, and where its traffic
 * lights change.
 *
 * @param minLabels      labelled predictions in the window below which no validation test is published
 * @param minDefaults    defaults (and non-defaults) the AUC test needs at least: DeLong's normal
 *                       approximation is poor with fewer
 * @param minGradeLabels labelled predictions a grade needs for its own calibration test, for a place
 *                       in the Hosmer-Lemeshow test and in the rank-ordering comparisons
 * @param levels         the significance levels of the yellow and red lights
 */
public record ValidationSettings(int minLabels, int minDefaults, int minGradeLabels, TrafficLight.Levels levels) {

    public ValidationSettings {
        if (minLabels < 2 || minDefaults < 2 || minGradeLabels < 1) {
            throw new IllegalArgumentException("validation minimums must be positive (labels and defaults at least 2)");
        }
    }
}
