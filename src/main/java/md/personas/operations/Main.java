package md.personas.operations;

import md.personas.census.CensusDataException;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import md.personas.run.CommandLine;

/**
 * The command-line entry point: {@code generate}, {@code validate} and {@code plan} (README, "Commands"). Every failure
 * the user can act on is one line on stderr and an exit code; nothing else is printed for it.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args).code());
    }

    /** Runs a command and returns its exit code (tests call this directly). */
    public static ExitCode run(String[] args) {
        try {
            CommandLine line = CommandLine.parse(args);
            return switch (line.command()) {
                case "help" -> {
                    System.out.println(CommandLine.USAGE);
                    yield ExitCode.SUCCESS;
                }
                case "version" -> {
                    System.out.println("moldova-personas " + version());
                    yield ExitCode.SUCCESS;
                }
                case "generate" -> GenerateCommand.run(line);
                case "validate" -> ValidateCommand.run(line);
                case "plan" -> PlanCommand.run(line);
                case "release" -> md.personas.operations.ReleaseCommand.run(line);
                default -> throw RunFailure.usage("command '" + line.command() + "' is not available yet");
            };
        } catch (RunFailure e) {
            System.err.println("moldova-personas: " + e.getMessage());
            return e.exitCode();
        } catch (CensusDataException e) {
            System.err.println("moldova-personas: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (Exception e) {
            LOG.debug("unexpected failure", e);
            System.err.println("moldova-personas: unexpected failure: " + e
                    + " (run with PERSONAS_LOG_LEVEL=DEBUG for the stack trace)");
            return ExitCode.INCOMPLETE;
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
