package md.personas.narratives;

import java.util.regex.Pattern;
import md.personas.record.Persona;

/**
 * Places as people say and write them. The census keeps a few localities under a classifier label, e.g.
 * {@code Vulcănești, loc.st.c.f.} (a railway-station locality); nobody writes that in a sentence, so the
 * narratives use the name alone and the contract accepts it.
 */
public final class PlaceNames {

    /** A trailing classifier label: ", loc.st.c.f.", ", st.c.f." and the like (lower-case, with full stops). */
    private static final Pattern LABEL = Pattern.compile(",\\s*(?:[a-zăâîșț]{1,5}\\.)+\\s*$");

    private PlaceNames() {
    }

    /** The locality's name without a census classifier label. */
    public static String spoken(String locality) {
        return locality == null ? "" : LABEL.matcher(locality).replaceFirst("").trim();
    }

    /** The district's own name: "Criuleni", "Chișinău", "Găgăuzia". */
    public static String districtName(Persona p) {
        return p.district().replace("Municipiul ", "").replace("UTA ", "");
    }
}
