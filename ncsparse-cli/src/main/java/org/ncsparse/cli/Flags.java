package org.ncsparse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options every command inherits from {@code ncsparse} ({@code --debug}, {@code --quiet}),
 * read from the parse result so that they count wherever they stand on the command line.
 */
final class Flags {
    private Flags() {}

    static final String DEBUG = "--debug", QUIET = "--quiet";

    /** True when {@code name} was given to the command of {@code spec} or to any command above or below it. */
    static boolean given(CommandSpec spec, String name) {
        CommandLine root = spec.root().commandLine();
        return given(root == null ? null : root.getParseResult(), name);
    }

    static boolean given(ParseResult parsed, String name) {
        for (ParseResult p = parsed; p != null; p = p.subcommand())
            if (p.hasMatchedOption(name)) return true;
        return false;
    }
}
