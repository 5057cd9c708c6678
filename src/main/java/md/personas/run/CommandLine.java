package md.personas.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import md.personas.run.RunFailure;

/**
 * The parsed command line (README, "Commands"): a command, its flags and its positional arguments. Unknown flags, a
 * missing value or a value that is not a number where one is needed are usage errors (exit 2).
 *
 * <pre>
 * generate [--count N] [--seed S] [--out DIR] [--narratives offline|llm|none] [--resume] [--fresh] [--config FILE]
 * validate DIR [--config FILE]
 * plan [--count N] [--config FILE]
 * release DIR [--config FILE]
 * </pre>
 */
public record CommandLine(String command, Map<String, String> flags, List<String> positional) {

    public static final String USAGE = "usage: moldova-personas generate [--count N] [--seed S] [--out DIR] "
            + "[--narratives offline|llm|none] [--resume] [--fresh] [--config FILE] [--shard K/N] "
            + "[--cluster-port P --cluster-seed HOST:PORT[,HOST:PORT...] [--cluster-host H]] | validate DIR "
            + "| plan [--count N] | release DIR";

    private static final Map<String, Set<String>> FLAGS = Map.of(
            "generate", Set.of("--count", "--seed", "--out", "--narratives", "--resume", "--fresh", "--config",
                    "--shard", "--cluster-port", "--cluster-seed", "--cluster-host"),
            "validate", Set.of("--config"),
            "release", Set.of("--config"),
            "plan", Set.of("--count", "--config", "--narratives"));
    private static final Set<String> SWITCHES = Set.of("--resume", "--fresh");

    public static CommandLine parse(String[] args) {
        if (args.length == 0) {
            throw RunFailure.usage("no command given; " + USAGE);
        }
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            return new CommandLine("help", Map.of(), List.of());
        }
        if (command.equals("--version")) {
            return new CommandLine("version", Map.of(), List.of());
        }
        Set<String> allowed = FLAGS.get(command);
        if (allowed == null) {
            throw RunFailure.usage("unknown command '" + command + "'; " + USAGE);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (!allowed.contains(name)) {
                throw RunFailure.usage("unknown option '" + name + "' for " + command + "; " + USAGE);
            }
            if (SWITCHES.contains(name)) {
                if (value != null) {
                    throw RunFailure.usage("option " + name + " takes no value");
                }
                flags.put(name, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw RunFailure.usage("option " + name + " needs a value; " + USAGE);
                }
                value = args[++i];
            }
            flags.put(name, value);
        }
        if (command.equals("validate") && positional.size() != 1) {
            throw RunFailure.usage("validate needs exactly one dataset directory; usage: moldova-personas validate DIR");
        }
        if (command.equals("release") && positional.size() != 1) {
            throw RunFailure.usage("release needs exactly one output directory; usage: moldova-personas release DIR");
        }
        if (flags.containsKey("--resume") && flags.containsKey("--fresh")) {
            throw RunFailure.usage("--resume and --fresh contradict each other (continue the run, or delete it and "
                    + "start again); pass one of them");
        }
        if (!command.equals("validate") && !command.equals("release") && !positional.isEmpty()) {
            throw RunFailure.usage("unexpected argument '" + positional.get(0) + "'; " + USAGE);
        }
        return new CommandLine(command, flags, positional);
    }

    public boolean has(String flag) {
        return flags.containsKey(flag);
    }

    public String flag(String flag) {
        return flags.get(flag);
    }

    /** A positive whole number flag, or the usage error that names it. */
    public static long positiveNumber(String flag, String value) {
        try {
            long n = Long.parseLong(value.trim().replace("_", ""));
            if (n <= 0) {
                throw RunFailure.usage(flag + " must be a positive whole number, not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw RunFailure.usage(flag + " must be a positive whole number, not '" + value + "'");
        }
    }
}
