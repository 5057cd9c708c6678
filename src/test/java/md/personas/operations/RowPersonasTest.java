package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;
import md.personas.record.PersonaRecord;
import md.personas.sampling.PersonaSampler;
import org.junit.jupiter.api.Test;

/** A row read back gives the narrative checks the same ids the stream gave them, wherever a column holds one. */
class RowPersonasTest {

    @Test
    void theIdsOfEveryColumnSurviveTheRoundTrip() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, 7);
        RowPersonas rows = new RowPersonas(model);
        for (long i = 0; i < 3_000; i++) {
            Persona p = sampler.sample(i);
            PersonaKeys want = p.keys();
            PersonaKeys got = rows.persona(new PersonaRecord(p, Narrative.none())).keys();
            // Not columns: the fine age group, the locality code and the sector.
            PersonaKeys expected = new PersonaKeys(want.female(), "", want.region(), want.district(),
                    want.residence(), "", want.ethnicity(), want.motherTongue(), want.usualLanguage(),
                    want.religion(), want.education(), want.maritalStatus(), want.labourStatus(), want.iscoMajor(),
                    want.isco08(), "", want.fieldOfStudy());
            assertEquals(expected, got, "persona " + i);
        }
    }
}
