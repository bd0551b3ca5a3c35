package io.meterwise.server.storage;

import java.util.Arrays;
import java.util.Map;

/**
 * A string map as a JSON object with keys in code-point order, so equal maps always give equal text (the ledger
 * compares stored and resent records by this text). Hand-written because it runs for every ingested record.
 */
public final class SortedJson {

    private SortedJson() {
    }

    public static String of(Map<String, String> map) {
        if (map.isEmpty()) {
            return "{}";
        }
        String[] keys = map.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        StringBuilder out = new StringBuilder(32 * keys.length);
        out.append('{');
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(keys[i], out);
            out.append(':');
            quote(map.get(keys[i]), out);
        }
        return out.append('}').toString();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
