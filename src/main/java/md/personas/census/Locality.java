package md.personas.census;

/**
 * A censused locality of the CUATM classifier.
 *
 * @param code 7-digit CUATM code
 * @param name Romanian name with comma-below diacritics
 * @param district index in {@link CensusModel#district()}
 * @param residence index in {@link CensusModel#residence()} (urban only for municipii and orașe)
 * @param type municipiu, oraș, sat-reședință de comună or sat
 * @param populationKnown whether its weight rests on a published 2014 count (its own or its UAT's)
 */
public record Locality(String code, String name, int district, int residence, String type, boolean populationKnown) {
}
