package md.personas.release;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import md.personas.monitoring.PeopleAudit;
import md.personas.monitoring.PeopleAudit.DecadeNames;
import md.personas.monitoring.PeopleAudit.GroupShare;

/**
 * The "people" part of the stats files and the card ({@link PeopleAudit}): female share by occupation group against
 * its target, surname concentration, and first names by birth decade.
 */
final class PeopleSection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PeopleSection() {
    }

    static ObjectNode json(PeopleAudit p) {
        ObjectNode n = NODES.objectNode();
        ArrayNode groups = n.putArray("female_share_by_occupation_group");
        for (GroupShare g : p.femaleShareByGroup()) {
            ObjectNode o = groups.addObject();
            o.put("occupation_group", g.group());
            o.put("employed", g.employed());
            o.put("women", g.women());
            putShare(o, "female_share", g.share());
            putShare(o, "target", g.target());
        }
        ObjectNode s = n.putObject("surnames");
        s.put("distinct", p.surnames().distinct());
        s.put("distinct_per_100k", Math.round(p.surnames().distinctPer100k(p.records())));
        s.put("top1", p.surnames().top1());
        s.put("top1_share", p.surnames().top1Share());
        s.put("top20_share", p.surnames().top20Share());
        n.put("distinct_first_names", p.distinctFirstNames());
        n.put("distinct_full_names", p.distinctFullNames());
        n.put("distinct_full_names_per_100k", Math.round(p.per100k(p.distinctFullNames())));
        ArrayNode decades = n.putArray("first_names_by_birth_decade");
        for (DecadeNames d : p.firstNamesByDecade()) {
            ObjectNode o = decades.addObject();
            o.put("birth_decade", d.decade());
            o.put("sex", d.sex());
            o.put("people", d.people());
            o.put("distinct", d.distinct());
            ArrayNode top = o.putArray("top");
            d.top().forEach(t -> top.addObject().put("name", t.name()).put("share", t.share()));
        }
        return n;
    }

    private static void putShare(ObjectNode o, String key, double share) {
        if (Double.isNaN(share)) {
            o.putNull(key);
        } else {
            o.put(key, share);
        }
    }

    /** The full section of the stats Markdown. */
    static void markdown(StringBuilder md, PeopleAudit p) {
        md.append("## People: occupations by sex and names\n\n");
        femaleShares(md, p);
        names(md, p);
        md.append("First names by birth decade (birth year = 2024 − age), the ").append(PeopleAudit.TOP_NAMES)
                .append(" most common of each sex:\n\n");
        md.append("| birth decade | sex | people | distinct | most common |\n|---|---|---:|---:|---|\n");
        for (DecadeNames d : p.firstNamesByDecade()) {
            md.append("| ").append(d.decade()).append(" | ").append(d.sex()).append(" | ")
                    .append(ReportText.count(d.people())).append(" | ").append(ReportText.count(d.distinct()))
                    .append(" | ").append(ReportText.cell(topNames(d))).append(" |\n");
        }
        md.append('\n');
    }

    /** The card's shorter version: the same two tables, first names for three cohorts only. */
    static void card(StringBuilder md, PeopleAudit p) {
        md.append("## Occupations by sex and names\n\n");
        md.append("Job titles are drawn by sex, age and education with their curated head-counts and female "
                + "shares, under hard entry rules (degrees for physicians, lawyers and lecturers, minimum ages from "
                + "the training routes, military and driving age limits, only jobs common among working pensioners "
                + "past the retirement age). Names are real Moldovan surnames and first names in Romanian script by "
                + "ethnic group, with first names by birth decade.\n\n");
        femaleShares(md, p);
        names(md, p);
        List<String> cohorts = List.of("1950s", "1970s", "1990s");
        md.append("| birth decade | sex | most common first names |\n|---|---|---|\n");
        for (DecadeNames d : p.firstNamesByDecade()) {
            if (cohorts.contains(d.decade())) {
                md.append("| ").append(d.decade()).append(" | ").append(d.sex()).append(" | ")
                        .append(ReportText.cell(topNames(d))).append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void femaleShares(StringBuilder md, PeopleAudit p) {
        md.append("| occupation group | employed | women | target |\n|---|---:|---:|---:|\n");
        for (GroupShare g : p.femaleShareByGroup()) {
            md.append("| ").append(ReportText.cell(g.group())).append(" | ").append(ReportText.count(g.employed()))
                    .append(" | ").append(Double.isNaN(g.share()) ? "–" : ReportText.percent(g.share()))
                    .append(" | ").append(Double.isNaN(g.target()) ? "–" : ReportText.percent(g.target()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void names(StringBuilder md, PeopleAudit p) {
        PeopleAudit.SurnameConcentration s = p.surnames();
        md.append("Surnames: ").append(ReportText.count(s.distinct())).append(" distinct (")
                .append(ReportText.count(Math.round(s.distinctPer100k(p.records())))).append(" per 100,000 records); ")
                .append("the most common, ").append(s.top1()).append(", is ").append(ReportText.percent(s.top1Share()))
                .append(" of the records and the ").append(PeopleAudit.TOP_SURNAMES).append(" most common together ")
                .append(ReportText.percent(s.top20Share())).append(". Distinct first names: ")
                .append(ReportText.count(p.distinctFirstNames())).append("; distinct full names: ")
                .append(ReportText.count(p.distinctFullNames())).append(" (")
                .append(ReportText.count(Math.round(p.per100k(p.distinctFullNames())))).append(" per 100,000).\n\n");
    }

    private static String topNames(DecadeNames d) {
        return d.top().stream().map(t -> t.name() + " " + ReportText.percent(t.share()))
                .collect(Collectors.joining(", "));
    }
}
