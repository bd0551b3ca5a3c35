package io.meterwise.server.focus;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link FocusValidator} for tests in other packages. */
public final class FocusValidatorAccess {

    public record Result(List<String> problems, Map<String, BigDecimal> billedByInvoice,
            BigDecimal billedWithoutInvoice, long rows) {
    }

    private FocusValidatorAccess() {
    }

    public static Result validate(Path csv) {
        FocusValidator.Result r = new FocusValidator().validate(csv);
        return new Result(r.problems(), r.billedByInvoice(), r.billedWithoutInvoice(), r.rows());
    }
}
