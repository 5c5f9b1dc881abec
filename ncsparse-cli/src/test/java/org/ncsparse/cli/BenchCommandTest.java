package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void withoutAModeItSaysWhatToDo() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("bench")).isEqualTo(2);
        assertThat(err.toString()).contains("--peers or --jmh");
    }

    @Test
    void jmhArgumentsPassThroughInOrder() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("bench", "--jmh", "AttentionBench", "-f", "0", "-p", "n=64");
        BenchCommand b = cl.getSubcommands().get("bench").getCommand();
        assertThat(b.jmh).containsExactly("AttentionBench", "-f", "0", "-p", "n=64");
    }
}
