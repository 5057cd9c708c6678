package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliberately broken copies of the reference stop the model with a one-line message naming table and row. */
class BrokenReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String loadBroken(Consumer<ObjectNode> breakIt) throws IOException {
        for (String f : ReferenceSource.FILES) {
            try (InputStream in = getClass().getResourceAsStream("/census/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve(ReferenceSource.TABLES).toFile());
        breakIt.accept(root);
        JSON.writeValue(dir.resolve(ReferenceSource.TABLES).toFile(), root);
        CensusDataException e = assertThrows(CensusDataException.class,
                () -> CensusModel.load(ReferenceSource.directory(dir)));
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static ObjectNode values(ObjectNode root, String table) {
        return (ObjectNode) root.path("tables").path(table).path("values");
    }

    @Test
    void unmodifiedCopyLoads() throws IOException {
        for (String f : ReferenceSource.FILES) {
            try (InputStream in = getClass().getResourceAsStream("/census/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        CensusModel model = CensusModel.load(ReferenceSource.directory(dir));
        assertEquals(5, model.region().size());
    }

    @Test
    void rowThatDoesNotSumToOne() throws IOException {
        String msg = loadBroken(root -> ((ObjectNode) values(root, "sex_given_age_group").path("30-34")).put("F", 0.3));
        assertTrue(msg.contains("'sex_given_age_group'") && msg.contains("[30-34]") && msg.contains("sums to"), msg);
    }

    @Test
    void unknownLabel() throws IOException {
        String msg = loadBroken(root -> {
            ObjectNode row = values(root, "religion_given_ethnicity").with("gagauz");
            double orthodox = row.path("orthodox").asDouble();
            row.remove("orthodox");
            row.put("pastafarian", orthodox);
        });
        assertTrue(msg.contains("'religion_given_ethnicity'") && msg.contains("[gagauz]")
                && msg.contains("unknown religion label 'pastafarian'"), msg);
    }

    @Test
    void missingConditionalRow() throws IOException {
        String msg = loadBroken(root -> values(root, "marital_status_given_sex_age_group").with("F").remove("45-49"));
        assertTrue(msg.contains("'marital_status_given_sex_age_group'") && msg.contains("[F][45-49]")
                && msg.contains("missing conditional row"), msg);
    }

    @Test
    void negativeNumber() throws IOException {
        String msg = loadBroken(root -> {
            ObjectNode row = values(root, "ethnicity");
            row.put("moldovan", row.path("moldovan").asDouble() + 0.01);
            row.put("other", row.path("other").asDouble() - 0.01);
        });
        assertTrue(msg.contains("'ethnicity'") && msg.contains("'other'") && msg.contains("negative"), msg);
    }

    @Test
    void unknownProvenance() throws IOException {
        String msg = loadBroken(root -> ((ObjectNode) root.path("tables").path("region")).put("provenance", "blog"));
        assertTrue(msg.contains("'region'") && msg.contains("unknown provenance 'blog'"), msg);
    }

    @Test
    void missingTable() throws IOException {
        String msg = loadBroken(root -> ((ObjectNode) root.path("tables")).remove("religion_given_ethnicity"));
        assertTrue(msg.contains("'religion_given_ethnicity'") && msg.contains("missing"), msg);
    }

    @Test
    void districtInTheWrongRegion() throws IOException {
        String msg = loadBroken(root -> {
            for (var d : (ArrayNode) root.path("tables").path("districts").path("values")) {
                if (d.path("id").asText().equals("taraclia")) {
                    ((ObjectNode) d).put("region", "nord");
                }
            }
        });
        assertTrue(msg.contains("district_given_region") && msg.contains("taraclia"), msg);
    }
}
