package org.ncsparse.model.tensor;

/** Names from files, quoted for one-line messages: control characters escaped, long names cut. */
public final class Quote {
    private Quote() {}

    private static final int MAX = 120;

    /** 'name' with \n, \t and other control characters as escapes, at most 120 characters shown. */
    public static String of(String name) {
        if (name == null) return "null";
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX) + 8).append('\'');
        for (int i = 0; i < name.length() && i < MAX; i++) {
            char ch = name.charAt(i);
            if (ch == '\n') sb.append("\\n");
            else if (ch == '\r') sb.append("\\r");
            else if (ch == '\t') sb.append("\\t");
            else if (Character.isISOControl(ch) || Character.getType(ch) == Character.LINE_SEPARATOR
                    || Character.getType(ch) == Character.PARAGRAPH_SEPARATOR) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
        }
        if (name.length() > MAX) sb.append("…(").append(name.length()).append(" chars)");
        return sb.append('\'').toString();
    }
}
