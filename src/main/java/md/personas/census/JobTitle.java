package md.personas.census;

/**
 * A Romanian job title (CORM 006-2021 / COR wording) with both grammatical genders.
 *
 * @param masculine the title for a man (Profesor)
 * @param feminine the title for a woman (Profesoară); equal to {@code masculine} where Romanian has no
 *                 established feminine (Medic)
 * @param isco08 the 4-digit ISCO-08 unit group
 * @param iscoMajor index of the ISCO major group
 */
public record JobTitle(String masculine, String feminine, String isco08, int iscoMajor) {

    public String forSex(boolean female) {
        return female ? feminine : masculine;
    }
}
