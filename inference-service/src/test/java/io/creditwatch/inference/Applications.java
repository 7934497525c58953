package io.creditwatch.inference;

/** Request bodies used across the tests. */
public final class Applications {

    /** The single-prediction example of the original specification, verbatim. */
    public static final String SPECIFICATION_SINGLE = """
            {
                "RevolvingUtilizationOfUnsecuredLines": 0.766127,
                "age": 45,
                "NumberOfTime30-59DaysPastDueNotWorse": 2,
                "DebtRatio": 0.802982,
                "MonthlyIncome": 9120,
                "NumberOfOpenCreditLinesAndLoans": 13,
                "NumberOfTimes90DaysLate": 0,
                "NumberRealEstateLoansOrLines": 6,
                "NumberOfTime60-89DaysPastDueNotWorse": 0,
                "NumberOfDependents": 2
              }""";

    /** The batch example of the original specification, verbatim. */
    public static final String SPECIFICATION_BATCH = """
            {
                "instances": [
                  {
                    "RevolvingUtilizationOfUnsecuredLines": 0.766127,
                    "age": 45,
                    "NumberOfTime30-59DaysPastDueNotWorse": 2,
                    "DebtRatio": 0.802982,
                    "MonthlyIncome": 9120,
                    "NumberOfOpenCreditLinesAndLoans": 13,
                    "NumberOfTimes90DaysLate": 0,
                    "NumberRealEstateLoansOrLines": 6,
                    "NumberOfTime60-89DaysPastDueNotWorse": 0,
                    "NumberOfDependents": 2
                  }
                ]
              }""";

    /**
     * An applicant the bundled model declines (probability of default above 0.5): revolving lines
     * used beyond their limits, repeatedly 90 days late, low income.
     */
    public static final String DECLINED = """
            {
                "RevolvingUtilizationOfUnsecuredLines": 1.1,
                "age": 30,
                "NumberOfTime30-59DaysPastDueNotWorse": 3,
                "DebtRatio": 0.9,
                "MonthlyIncome": 1500,
                "NumberOfOpenCreditLinesAndLoans": 3,
                "NumberOfTimes90DaysLate": 3,
                "NumberRealEstateLoansOrLines": 0,
                "NumberOfTime60-89DaysPastDueNotWorse": 2,
                "NumberOfDependents": 3
              }""";

    private Applications() {
    }

    /** An application with one field replaced by raw JSON ({@code null} JSON text removes the field). */
    public static String withField(String field, String rawJson) {
        StringBuilder body = new StringBuilder("{");
        String[][] fields = {
                {"RevolvingUtilizationOfUnsecuredLines", "0.3"}, {"age", "52"},
                {"NumberOfTime30-59DaysPastDueNotWorse", "0"}, {"DebtRatio", "0.35"}, {"MonthlyIncome", "5400"},
                {"NumberOfOpenCreditLinesAndLoans", "8"}, {"NumberOfTimes90DaysLate", "0"},
                {"NumberRealEstateLoansOrLines", "1"}, {"NumberOfTime60-89DaysPastDueNotWorse", "0"},
                {"NumberOfDependents", "1"}};
        boolean replaced = false;
        for (String[] pair : fields) {
            String value = pair[0].equals(field) ? rawJson : pair[1];
            replaced |= pair[0].equals(field);
            if (value != null) {
                body.append(body.length() > 1 ? "," : "").append('"').append(pair[0]).append("\":").append(value);
            }
        }
        if (!replaced && rawJson != null) {
            body.append(",\"").append(field).append("\":").append(rawJson);
        }
        return body.append('}').toString();
    }

    public static String typical() {
        return withField("age", "52");
    }

    public static String batchOf(String... applications) {
        return "{\"instances\":[" + String.join(",", applications) + "]}";
    }
}
