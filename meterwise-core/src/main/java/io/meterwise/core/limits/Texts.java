package io.meterwise.core.limits;

/** Input quoted in messages is cut short, so an error answer or log line stays small whatever was sent. */
public final class Texts {

    /** Longest quoted input, in characters. */
    public static final int MAX_QUOTED = 80;

    private Texts() {
    }

    /** At most {@link #MAX_QUOTED} characters of {@code s}, with control characters shown as '?'. */
    public static String shorten(String s) {
        return shorten(s, MAX_QUOTED);
    }

    public static String shorten(String s, int max) {
        boolean cut = s.length() > max;
        String head = cut ? s.substring(0, max) : s;
        StringBuilder b = new StringBuilder(head.length() + 3);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (cut && i == head.length() - 1 && Character.isHighSurrogate(c)) {
                break;
            }
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return cut ? b.append("...").toString() : b.toString();
    }
}
