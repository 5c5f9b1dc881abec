package org.ncsparse.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one exit-code rule: 2 for bad arguments (picocli's parameter errors and the library's
 * IllegalArgumentException), 1 for everything that fails while running (files, memory, any other
 * exception). A plain IllegalArgumentException thrown by code outside NcSparse (the JDK or a library
 * handed a value NcSparse should have checked) is a bug, not a bad argument: exit 1, "unexpected error". Each failure is one line on stderr, {@code ncsparse COMMAND: what was wrong}; the
 * stack trace only with {@code --debug}.
 */
final class Failures {
    private Failures() {}

    static final int BAD_ARGUMENTS = 2, FAILED = 1;

    /** picocli's parameter-exception handler: bad arguments. */
    static int usage(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = qualifiedName(cmd);
        if (e instanceof UnmatchedArgumentException u && cmd.getParent() == null && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("ncsparse: unknown command '" + u.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", cmd.getSubcommands().keySet().stream().filter(s -> !s.equals("help")).toList())
                    + " (see 'ncsparse --help')");
        } else {
            err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        }
        if (Flags.given(cmd.getParseResult(), Flags.DEBUG)) e.printStackTrace(err);
        err.flush();
        return BAD_ARGUMENTS;
    }

    /** picocli's execution-exception handler: failures while running. */
    static int execution(Exception e, CommandLine cmd, ParseResult parsed) {
        Throwable cause = unwrap(e);
        PrintWriter err = cmd.getErr();
        if (cause instanceof ParameterException p) return usage(p, new String[0]);
        int code = isBadArgument(cause) ? BAD_ARGUMENTS : FAILED;
        err.println(qualifiedName(cmd) + ": " + message(cause));
        if (Flags.given(parsed, Flags.DEBUG)) cause.printStackTrace(err);
        err.flush();
        return code;
    }

    /** What the user reads: the message for expected failures, the kind of error for the others. */
    static String message(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "ran out of memory (the heap is " + MemoryCheck.gb(Runtime.getRuntime().maxMemory())
                    + "); use smaller sizes or a larger heap: NCSPARSE_JAVA_OPTS=-Xmx" + MemoryCheck.suggestedXmx(2 * Runtime.getRuntime().maxMemory());
        }
        if (t instanceof StackOverflowError) return "stack overflow (input nested too deeply); run with --debug for the stack trace";
        if (t instanceof MemoryCheck.NotEnoughMemory || isBadArgument(t)) return t.getMessage();
        if (t instanceof NoSuchFileException f) return "cannot read " + f.getFile() + ": no such file or folder";
        if (t instanceof AccessDeniedException f) return "cannot access " + f.getFile() + ": permission denied";
        if (t instanceof NotDirectoryException f) return f.getFile() + " is not a folder";
        if (t instanceof FileSystemException f && f.getFile() != null)
            return "cannot use " + f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        if (t instanceof CharacterCodingException) return "the input is not UTF-8 text";
        if (t instanceof IOException || t instanceof UncheckedIOException) return t.getMessage() == null ? t.toString() : t.getMessage();
        String m = t.getMessage();
        return "unexpected error: " + t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""))
                + " (run with --debug for the stack trace)";
    }

    /**
     * An argument error the user can fix: NcSparse's own IllegalArgumentException, or one of the JDK's
     * specific kinds raised on a user's value (NumberFormatException, InvalidPathException,
     * PatternSyntaxException, ...). A bare IllegalArgumentException from elsewhere is a bug.
     */
    static boolean isBadArgument(Throwable t) {
        if (!(t instanceof IllegalArgumentException)) return false;
        if (t.getClass() != IllegalArgumentException.class) return true;
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 || trace[0].getClassName().startsWith("org.ncsparse.");
    }

    /** Peels picocli's and the JDK's wrappers off to the exception that says what happened. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 8 && t.getCause() != null; i++) {
            if (t instanceof CommandLine.ExecutionException || t instanceof java.util.concurrent.ExecutionException
                    || t instanceof java.util.concurrent.CompletionException
                    || (t instanceof UncheckedIOException && t.getMessage() != null && t.getMessage().equals(String.valueOf(t.getCause()))))
                t = t.getCause();
            else if (t instanceof UncheckedIOException u && (u.getCause() instanceof NoSuchFileException || u.getCause() instanceof AccessDeniedException
                    || u.getCause() instanceof CharacterCodingException))
                t = u.getCause();
            else if (t instanceof RuntimeException && t.getCause() instanceof VirtualMachineError)
                t = t.getCause();
            else break;
        }
        return t;
    }

    static String qualifiedName(CommandLine cmd) {
        String q = cmd.getCommandSpec().qualifiedName(" ");
        return q.toLowerCase(Locale.ROOT).startsWith("ncsparse") ? q : "ncsparse " + q;
    }
}
