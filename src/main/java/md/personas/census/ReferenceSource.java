package md.personas.census;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the census reference files are read from: the copies bundled in the jar (the default; the project never
 * reads ../shared) or a directory given by {@code personas.census.directory}, for a newer reference or a test.
 */
public final class ReferenceSource {

    public static final String TABLES = "moldova-2024.json";
    public static final String LOCALITIES = "localities-2024.json";
    public static final String OCCUPATIONS = "occupations-ro.json";
    public static final String EXTENSIONS = "modelled-extensions.json";
    public static final String ETHNICITY_BY_DISTRICT = "ethnicity-by-district.json";
    public static final String UAT_POPULATIONS = "uat-populations.json";
    public static final String PLACE_JOINTS = "place-joints.json";
    public static final String NAMES = "names-md.json";
    /** Every file the model reads, in the order the run manifest hashes them. */
    public static final List<String> FILES = List.of(TABLES, LOCALITIES, OCCUPATIONS, EXTENSIONS,
            ETHNICITY_BY_DISTRICT, UAT_POPULATIONS, PLACE_JOINTS, NAMES);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;

    private ReferenceSource(Path directory) {
        this.directory = directory;
    }

    public static ReferenceSource bundled() {
        return new ReferenceSource(null);
    }

    public static ReferenceSource directory(Path directory) {
        return new ReferenceSource(directory);
    }

    public String describe() {
        return directory == null ? "bundled reference (classpath census/)" : directory.toString();
    }

    /** Reads and parses one reference file; a missing or malformed file is a {@link CensusDataException}. */
    public JsonNode read(String file) {
        try (InputStream in = open(file)) {
            return JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new CensusDataException("census reference " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CensusDataException("census reference " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The raw bytes of a reference file, for the run manifest's hash. */
    public byte[] bytes(String file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CensusDataException("census reference " + file + " cannot be read: " + e.getMessage());
        }
    }

    private InputStream open(String file) throws IOException {
        if (directory != null) {
            Path p = directory.resolve(file);
            if (!Files.isRegularFile(p)) {
                throw new CensusDataException("census reference " + p + " is missing (personas.census.directory "
                        + "must hold " + String.join(", ", FILES) + ")");
            }
            return Files.newInputStream(p);
        }
        InputStream in = ReferenceSource.class.getResourceAsStream("/census/" + file);
        if (in == null) {
            throw new CensusDataException("census reference census/" + file + " is missing from the build");
        }
        return in;
    }
}
