package io.creditwatch.model.schema;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationValidatorTests {

    /** The example application of the original specification. */
    static Map<String, Object> specificationExample() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("RevolvingUtilizationOfUnsecuredLines", 0.766127);
        fields.put("age", 45);
        fields.put("NumberOfTime30-59DaysPastDueNotWorse", 2);
        fields.put("DebtRatio", 0.802982);
        fields.put("MonthlyIncome", 9120);
        fields.put("NumberOfOpenCreditLinesAndLoans", 13);
        fields.put("NumberOfTimes90DaysLate", 0);
        fields.put("NumberRealEstateLoansOrLines", 6);
        fields.put("NumberOfTime60-89DaysPastDueNotWorse", 0);
        fields.put("NumberOfDependents", 2);
        return fields;
    }

    @Test
    void acceptsTheSpecificationExample() {
        ApplicationValidator.Result result = ApplicationValidator.validate(specificationExample());

        assertThat(result.valid()).isTrue();
        assertThat(result.application().get(Feature.AGE)).isEqualTo(45);
        assertThat(result.application().get(Feature.MONTHLY_INCOME)).isEqualTo(9120);
        assertThat(result.application().get(Feature.REVOLVING_UTILIZATION)).isEqualTo(0.766127);
    }

    @Test
    void incomeAndDependentsMayBeAbsentOrNull() {
        Map<String, Object> fields = specificationExample();
        fields.remove("MonthlyIncome");
        fields.put("NumberOfDependents", null);

        ApplicationValidator.Result result = ApplicationValidator.validate(fields);

        assertThat(result.valid()).isTrue();
        assertThat(result.application().isMissing(Feature.MONTHLY_INCOME)).isTrue();
        assertThat(result.application().isMissing(Feature.DEPENDENTS)).isTrue();
    }

    @Test
    void reportsEveryProblemAtOnceByField() {
        Map<String, Object> fields = specificationExample();
        fields.put("age", "forty");
        fields.put("NumberOfTimes90DaysLate", -1);
        fields.put("DebtRatio", Double.NaN);
        fields.put("NumberOfOpenCreditLinesAndLoans", 2.5);
        fields.remove("RevolvingUtilizationOfUnsecuredLines");
        fields.put("NumberRealEstateLoansOrLines", null);
        fields.put("MonthlyIncome", Double.POSITIVE_INFINITY);

        ApplicationValidator.Result result = ApplicationValidator.validate(fields);

        assertThat(result.valid()).isFalse();
        assertThat(result.application()).isNull();
        assertThat(result.errors()).containsExactlyInAnyOrder(
                new FieldError("age", "must be a number, got a string"),
                new FieldError("NumberOfTimes90DaysLate", "must be between 0 and 98"),
                new FieldError("DebtRatio", "must be a finite number"),
                new FieldError("NumberOfOpenCreditLinesAndLoans", "must be a whole number"),
                new FieldError("RevolvingUtilizationOfUnsecuredLines", "is required"),
                new FieldError("NumberRealEstateLoansOrLines", "is required and may not be null"),
                new FieldError("MonthlyIncome", "must be a finite number"));
    }

    @Test
    void unknownFieldsAreErrorsWithASuggestion() {
        Map<String, Object> fields = specificationExample();
        Object age = fields.remove("age");
        fields.put("Age", age);
        fields.put("favouriteColour", 3);

        ApplicationValidator.Result result = ApplicationValidator.validate(fields);

        assertThat(result.errors()).containsExactlyInAnyOrder(
                new FieldError("Age", "unknown field; did you mean 'age'?"),
                new FieldError("favouriteColour", "unknown field"),
                new FieldError("age", "is required"));
    }

    @Test
    void domainBoundsAreInclusive() {
        Map<String, Object> fields = specificationExample();
        fields.put("age", 18);
        fields.put("NumberOfTimes90DaysLate", 98);
        assertThat(ApplicationValidator.validate(fields).valid()).isTrue();

        fields.put("age", 17);
        fields.put("NumberOfTimes90DaysLate", 99);
        assertThat(ApplicationValidator.validate(fields).errors()).containsExactlyInAnyOrder(
                new FieldError("age", "must be between 18 and 120"),
                new FieldError("NumberOfTimes90DaysLate", "must be between 0 and 98"));
    }

    @Test
    void otherJsonTypesAreNamed() {
        Map<String, Object> fields = new HashMap<>(specificationExample());
        fields.put("age", true);
        fields.put("DebtRatio", List.of(1));
        fields.put("MonthlyIncome", Map.of("value", 1));

        assertThat(ApplicationValidator.validate(fields).errors()).containsExactlyInAnyOrder(
                new FieldError("age", "must be a number, got a boolean"),
                new FieldError("DebtRatio", "must be a number, got an array"),
                new FieldError("MonthlyIncome", "must be a number, got an object"));
    }

    @Test
    void featureNamesAreTheSpecificationsInKaggleColumnOrder() {
        assertThat(Feature.ALL).extracting(Feature::jsonName).containsExactly(
                "RevolvingUtilizationOfUnsecuredLines", "age", "NumberOfTime30-59DaysPastDueNotWorse", "DebtRatio",
                "MonthlyIncome", "NumberOfOpenCreditLinesAndLoans", "NumberOfTimes90DaysLate",
                "NumberRealEstateLoansOrLines", "NumberOfTime60-89DaysPastDueNotWorse", "NumberOfDependents");
        assertThat(Feature.ALL).filteredOn(Feature::nullable)
                .containsExactly(Feature.MONTHLY_INCOME, Feature.DEPENDENTS);
    }
}
