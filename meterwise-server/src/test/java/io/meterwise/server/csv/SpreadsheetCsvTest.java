package io.meterwise.server.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadsheetCsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"x\")"})
    void cellsASpreadsheetWouldRunAreNeutralisedAndQuoted(String value) {
        String cell = SpreadsheetCsv.cell(value);
        assertThat(cell).startsWith("\"'");
        assertThat(cell.substring(2, cell.length() - 1).replace("\"\"", "\"")).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "vm-1|vm-1",
            "a,b|\"a,b\"",
            "say \"hi\"|\"say \"\"hi\"\"\"",
            "^^|^^",
            "x=1|x=1"})
    void otherCellsFollowRfc4180(String value, String expected) {
        assertThat(SpreadsheetCsv.cell(value)).isEqualTo(expected);
    }
}
