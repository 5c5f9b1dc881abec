package org.ncsparse.model.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * The dictionary of a {@code .npy} header, parsed strictly: exactly the literal NumPy writes,
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} followed by spaces and a
 * newline. Each of the three keys exactly once, no other key; strings in single or double quotes
 * without escapes; shape a tuple of non-negative integers ({@code ()}, {@code (3,)}, {@code (2, 3)};
 * a Python 2 {@code L} suffix is accepted). Anything else is an error saying where.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    /** NumPy itself allows at most 64 dimensions. */
    static final int MAX_RANK = 64;

    static NpyHeader parse(String text) {
        return new Parser(text).header();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) { this.s = s; }

        NpyHeader header() {
            spaces();
            expect('{');
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            while (true) {
                spaces();
                if (peek() == '}') { i++; break; }
                String key = string();
                spaces();
                expect(':');
                spaces();
                switch (key) {
                    case "descr" -> { if (descr != null) throw fail("key 'descr' appears twice"); descr = string(); }
                    case "fortran_order" -> { if (fortran != null) throw fail("key 'fortran_order' appears twice"); fortran = bool(); }
                    case "shape" -> { if (shape != null) throw fail("key 'shape' appears twice"); shape = tuple(); }
                    default -> throw fail("unknown key '" + key + "' (allowed: 'descr', 'fortran_order', 'shape')");
                }
                spaces();
                char c = peek();
                if (c == ',') i++;
                else if (c != '}') throw fail("expected ',' or '}'");
            }
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\t')) i++;
            if (i != s.length()) throw fail("unexpected text after the dictionary");
            if (descr == null || fortran == null || shape == null)
                throw new IllegalArgumentException("header lacks " + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
            return new NpyHeader(descr, fortran, shape);
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') throw fail("expected a quoted string");
            int end = s.indexOf(q, i + 1);
            if (end < 0) throw fail("unterminated string");
            String v = s.substring(i + 1, end);
            if (v.indexOf('\\') >= 0) throw fail("escapes are not allowed in header strings");
            i = end + 1;
            return v;
        }

        private boolean bool() {
            if (s.startsWith("True", i)) { i += 4; return true; }
            if (s.startsWith("False", i)) { i += 5; return false; }
            throw fail("expected True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (true) {
                spaces();
                if (peek() == ')') { i++; break; }
                if (dims.size() == MAX_RANK) throw fail("more than " + MAX_RANK + " dimensions");
                dims.add(integer());
                spaces();
                trailingComma = peek() == ',';
                if (trailingComma) i++;
                else if (peek() != ')') throw fail("expected ',' or ')' in shape");
            }
            if (dims.size() == 1 && !trailingComma) throw fail("a one-element shape needs a trailing comma, as in (3,)");
            long[] out = new long[dims.size()];
            for (int k = 0; k < out.length; k++) out[k] = dims.get(k);
            return out;
        }

        private long integer() {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            if (i == start) throw fail("bad shape entry, expected a non-negative integer");
            if (i - start > 18) throw fail("dimension " + s.substring(start, i) + " is too large");
            long v = Long.parseLong(s, start, i, 10);
            if (i < s.length() && s.charAt(i) == 'L') i++;
            return v;
        }

        private void spaces() { while (i < s.length() && s.charAt(i) == ' ') i++; }

        private char peek() { return i < s.length() ? s.charAt(i) : '\0'; }

        private void expect(char c) {
            if (peek() != c) throw fail("expected '" + c + "'");
            i++;
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("malformed header at character " + i + ": " + what);
        }
    }
}
