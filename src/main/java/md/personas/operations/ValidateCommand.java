package md.personas.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.rebalancing.Rebalancing;
import md.personas.run.ExitCode;
import md.personas.run.RunManifest;
import md.personas.run.CommandLine;

/** {@code validate DIR}: the full check of a finished dataset; exit 0 when it passes, 1 when not. */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    public static ExitCode run(CommandLine line) throws IOException {
        Path dir = Path.of(line.positional().get(0));
        Path file = DatasetValidator.datasetFile(dir);
        Settings settings = SettingsLoader.load(line);
        CensusModel model = settings.loadCensusModel();
        CensusTargets targets = CensusTargets.compute(model);
        OptionalLong count = OptionalLong.empty();
        OptionalLong seed = OptionalLong.empty();
        Path manifest = dir.resolve(RunManifest.FILE_NAME);
        if (Files.isRegularFile(manifest)) {
            JsonNode run = new ObjectMapper().readTree(manifest.toFile());
            if (run.path("count").isNumber()) {
                count = OptionalLong.of(run.path("count").asLong());
            }
            if (run.path("seed").isNumber()) {
                seed = OptionalLong.of(run.path("seed").asLong());
            }
        }
        DatasetValidator validator = new DatasetValidator(model, targets,
                Rebalancing.controlledTables(targets, settings.rebalancer().controlledTables()),
                settings.monitor().alpha());
        DatasetValidator.Report report = ReleaseFilesCheck.appendedTo(validator.validate(file, count, seed), dir,
                file, Files.isRegularFile(manifest));
        DatasetValidator.print(report, System.out);
        return report.passed() ? ExitCode.SUCCESS : ExitCode.INCOMPLETE;
    }
}
