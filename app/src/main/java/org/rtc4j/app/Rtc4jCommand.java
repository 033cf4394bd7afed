package org.rtc4j.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rtc4j} command: the entry point of the runnable jar. */
@Command(name = "rtc4j", mixinStandardHelpOptions = true, version = "rtc4j 0.1.0-SNAPSHOT",
        description = "A WebRTC stack in Java: servers and peers.",
        subcommands = {ServeCommand.class, StunServerCommand.class, StunClientCommand.class})
public final class Rtc4jCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Rtc4jCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
