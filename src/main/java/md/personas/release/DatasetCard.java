package md.personas.release;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.CensusModel;
import md.personas.census.Ipf;
import md.personas.monitoring.DatasetReport;
import md.personas.run.RunManifest;
import md.personas.record.Column;
import md.personas.record.NarrativeStatus;

/**
 * {@code DIR/README.md}, the dataset card in Hugging Face conventions: a YAML header (license, language, size
 * category, task categories, tags, pretty name, {@code configs} pointing at the Parquet file), then the summary,
 * how to load it, the schema (a line per {@link Column}), how it was generated, the fit to the census targets, the
 * provenance of every census table grouped by label, the known limitations, who wrote the narratives, and how to
 * reproduce it.
 */
final class DatasetCard {

    /** CC BY 4.0: the licence of the Nemotron-Personas releases this dataset sits beside. */
    static final String LICENSE = "cc-by-4.0";

    private DatasetCard() {
    }

    static byte[] bytes(ReportInputs in) {
        return text(in).getBytes(StandardCharsets.UTF_8);
    }

    /** The Hugging Face size category of a dataset of {@code n} rows. */
    static String sizeCategory(long n) {
        String[] names = {"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M",
            "100M<n<1B", "1B<n<10B"};
        long bound = 1_000;
        for (String name : names) {
            if (n < bound) {
                return name;
            }
            bound *= 10;
        }
        return "n>10B";
    }

    static String text(ReportInputs in) {
        StringBuilder md = new StringBuilder(32 * 1024);
        frontMatter(md, in);
        DatasetReport r = in.report();
        RunManifest m = in.manifest();
        md.append("# Moldova Personas (").append(in.label()).append(")\n\n");
        md.append(ReportText.count(r.records())).append(" synthetic adult residents (").append(CensusModel.MIN_AGE)
                .append("+) of the Republic of Moldova. Their structured fields (sex, age, region, district, "
                        + "locality, ethnicity, languages, religion, education, labour status, occupation, "
                        + "marital status, personality) follow the 2024 Population and Housing Census (RPL 2024) "
                        + "and the 2024 Labour Force Survey, converted to adult targets; ")
                .append(narrativeSummary(in))
                .append(" Column names follow NVIDIA's Nemotron-Personas, so the data drops in beside those "
                        + "releases; values are Romanian. No row describes a real person.\n\n");
        md.append("Fit to the census: ").append(StatsMarkdown.fitSentence(r)).append(" Details: `")
                .append(in.statsMarkdownName()).append("` (with charts) and `").append(in.statsJsonName())
                .append("`.\n\n");
        files(md, in);
        howToLoad(md, in);
        schema(md, in);
        generation(md, in);
        JointAuditReport.card(md, in.model(), r.jointAudit());
        PeopleSection.card(md, r.people());
        provenance(md, in);
        limitations(md, in);
        narratives(md, in);
        md.append("## License\n\n");
        md.append("CC BY 4.0, like the Nemotron-Personas releases. The census figures it is calibrated to are "
                + "published by the National Bureau of Statistics of the Republic of Moldova.\n\n");
        md.append("## Reproducing it\n\n");
        md.append("```\nops/moldova-personas generate --count ").append(m.count()).append(" --seed ")
                .append(m.seed()).append(" --narratives ").append(m.narratives().mode()).append("\n```\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Seed | ").append(m.seed()).append(" |\n");
        md.append("| Configuration SHA-256 | `").append(m.configurationSha256()).append("` |\n");
        md.append("| Software version | ").append(ReportText.cell(m.softwareVersion())).append(" |\n");
        md.append("| Census reference | `").append(m.census().referenceId()).append("`, SHA-256 `")
                .append(m.census().referenceSha256()).append("` |\n\n");
        md.append("Same seed, configuration and census reference give the same records, byte for byte. The run's "
                + "counts, timings and monitor verdicts are in `run.json`.\n");
        return md.toString();
    }

    private static void frontMatter(StringBuilder md, ReportInputs in) {
        md.append("---\n");
        md.append("license: ").append(LICENSE).append('\n');
        md.append("language:\n- ro\n");
        md.append("pretty_name: \"Moldova Personas (").append(in.label()).append(")\"\n");
        md.append("size_categories:\n- ").append(sizeCategory(in.report().records())).append('\n');
        md.append("task_categories:\n- text-generation\n");
        md.append("tags:\n");
        for (String tag : List.of("synthetic", "personas", "census", "moldova", "romanian", "demographics",
                "tabular", "nemotron-personas")) {
            md.append("- ").append(tag).append('\n');
        }
        md.append("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \"")
                .append(in.parquetName()).append("\"\n");
        md.append("---\n\n");
    }

    private static String narrativeSummary(ReportInputs in) {
        DatasetReport r = in.report();
        long llm = r.statuses().get(NarrativeStatus.LLM);
        long template = r.statuses().get(NarrativeStatus.TEMPLATE);
        if (llm == 0 && template == 0) {
            return "this release is structured only: the narrative columns are empty.";
        }
        if (llm == 0) {
            return "the Romanian narratives are template-written by the built-in offline writer, not by a "
                    + "language model.";
        }
        if (template == 0) {
            return "the Romanian narratives were written by a language model (" + modelList(in) + ").";
        }
        return "the Romanian narratives were written by a language model for " + ReportText.count(llm)
                + " records and by the built-in offline writer (templates) for " + ReportText.count(template)
                + " (" + modelList(in) + ").";
    }

    private static String modelList(ReportInputs in) {
        List<String> out = new ArrayList<>();
        for (String model : in.modelsByUse()) {
            out.add("`" + model + "`");
        }
        return String.join(", ", out);
    }

    private static void files(StringBuilder md, ReportInputs in) {
        md.append("## Files\n\n");
        md.append("| file | what |\n|---|---|\n");
        md.append("| `").append(in.parquetName()).append("` | the records, sorted by `index`; ZSTD Parquet, lists "
                + "as `list<string>` (the primary file) |\n");
        md.append("| `").append(in.stem()).append(".jsonl` | the same records, one JSON object per line |\n");
        md.append("| `").append(in.stem()).append(".csv` | the same records, RFC 4180, UTF-8 with a byte-order "
                + "mark (Excel shows the diacritics); lists as JSON arrays |\n");
        md.append("| `").append(in.statsMarkdownName()).append("`, `charts/` | fit to every census target table, "
                + "narrative lengths, charts |\n");
        md.append("| `").append(in.statsJsonName()).append("` | the same, machine-readable, every cell |\n");
        md.append("| `run.json` | the run manifest: seed, configuration hash, versions, counts, timings, tokens, "
                + "cost, monitor verdicts |\n\n");
    }

    private static void howToLoad(StringBuilder md, ReportInputs in) {
        String parquet = in.parquetName();
        md.append("## How to load it\n\n");
        md.append("DuckDB:\n\n```sql\nSELECT region, count(*) AS n FROM '").append(parquet)
                .append("' GROUP BY region ORDER BY n DESC;\n```\n\n");
        md.append("pandas:\n\n```python\nimport pandas as pd\ndf = pd.read_parquet(\"").append(parquet)
                .append("\")\n```\n\n");
        md.append("Hugging Face `datasets`:\n\n```python\nfrom datasets import load_dataset\n"
                + "ds = load_dataset(\"parquet\", data_files=\"").append(parquet).append("\", split=\"train\")\n"
                + "```\n\n");
    }

    private static void schema(StringBuilder md, ReportInputs in) {
        md.append("## Schema\n\n");
        md.append("One row per person; every column is always present (narrative columns are empty strings in a "
                + "structured-only release). Origin says where the values come from: **modelled** columns follow "
                + "modelled assumptions, not published data; \"official marginal, modelled structure\" columns "
                + "match an official distribution while their cross-structure with other columns is modelled.\n\n");
        md.append("| column | type | origin | description |\n|---|---|---|---|\n");
        for (Map.Entry<Column, ReleaseResources.ColumnNote> e : in.resources().columns().entrySet()) {
            Column c = e.getKey();
            md.append("| `").append(c.columnName()).append("` | ").append(typeName(c.type())).append(" | ")
                    .append(e.getValue().originText()).append(" | ").append(ReportText.cell(e.getValue().description()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String typeName(Column.Type type) {
        return switch (type) {
            case STRING -> "string";
            case INT -> "int32";
            case LONG -> "int64";
            case STRING_LIST -> "list<string>";
        };
    }

    private static void generation(StringBuilder md, ReportInputs in) {
        RunManifest m = in.manifest();
        md.append("## How it was generated\n\n");
        md.append("1. **Sampler.** Each proposal is a pure function of the seed, its proposal number and the census "
                + "model: district (so region), residence, ethnicity, age group and sex jointly from the adult "
                + "joint; then single age; locality (given its ethnicity); mother tongue, usual language (given "
                + "place) and religion; education, "
                + "labour status and marital status; for the employed, occupation group, sector and job title; "
                + "field of study; names; OCEAN scores; each conditional on what was drawn before. Hard consistency rules (no tertiary degree before ")
                .append(in.model().minimumAgeForEducation(in.model().education().indexOf("tertiary")))
                .append(", "
                + "no pensioner without a reason the labour table gives, locality inside district inside region, "
                + "job titles and narratives in the grammatical gender of the person) hold by construction; "
                + "checked again on the released file, ").append(violationText(in.report())).append(".\n");
        md.append("2. **Joints fitted by IPF from informative seeds**, never from independence:\n");
        for (Ipf.Fit f : in.model().fits()) {
            md.append("   - ").append(f.describe()).append('\n');
        }
        md.append("3. **Rebalancer.** A streaming quota controller accepts or rejects proposals so that the "
                + "controlled tables (").append(String.join(", ", m.rebalancer().controlledTables()))
                .append(") end exactly on their integer quotas at N (largest-remainder apportionment of the census "
                        + "shares) and stay within ±").append(ReportText.decimal2(m.rebalancer().prefixBand()))
                .append(" persons of n × share at every prefix n; the worst prefix deviation of this run was ")
                .append(ReportText.decimal2(m.rebalancer().worstPrefixDeviation())).append(" persons. It accepted ")
                .append(ReportText.count(m.counts().accepted())).append(" of ")
                .append(ReportText.count(m.counts().proposals()))
                .append(" proposals. Acceptance depends only on the controlled cells, so every other field keeps the "
                        + "sampler's conditional distribution.\n");
        long failed = m.monitorVerdicts().stream().filter(v -> !v.passed()).count();
        md.append("4. **Monitor.** While the stream ran, a chi-square monitor compared the running counts with the "
                + "census targets at every checkpoint and could abort the run: ")
                .append(ReportText.plural(m.monitorVerdicts().size(), "evaluation")).append(", ").append(failed)
                .append(" failed.\n");
        String narratives = narrativeSummary(in);
        md.append("5. **Narratives.** ").append(Character.toUpperCase(narratives.charAt(0)))
                .append(narratives.substring(1)).append(" See below.\n\n");
    }

    private static String violationText(DatasetReport r) {
        if (r.violations() == null) {
            return "which this report did not do";
        }
        return r.violations().records() == 0 ? "no record breaks one"
                : ReportText.count(r.violations().records()) + " records break one (see the stats file)";
    }

    private static void provenance(StringBuilder md, ReportInputs in) {
        md.append("## Provenance of the census tables\n\n");
        md.append("Every reference table the model uses, grouped by its provenance label. Targets are adult (")
                .append(CensusModel.MIN_AGE).append("+) shares derived from all-age tables with the age structure "
                        + "by ethnicity. Where the census publishes no cross-tabulation, a table built from two "
                        + "marginals alone would assume independence; this model does not do that silently. The "
                        + "joints above are fitted by IPF from informative seeds (minorities older than "
                        + "Moldovans, urban/rural education odds, employment odds by education) to official "
                        + "margins. The `modelled_assumption` tables are seeds written from general knowledge and "
                        + "calibrated to official marginals; the fields they shape are modelled. One table is "
                        + "maximum-entropy: `ethnicity_given_region_residence` is fitted from a uniform seed to "
                        + "its three two-way tables, so it adds no three-way interaction beyond them.\n\n");
        Map<String, List<CensusModel.TableProvenance>> byLabel = new LinkedHashMap<>();
        for (CensusModel.TableProvenance p : in.model().provenance().values()) {
            byLabel.computeIfAbsent(p.provenance(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<CensusModel.TableProvenance>> e : byLabel.entrySet()) {
            ReleaseResources.ProvenanceLabel label = in.resources().label(e.getKey());
            md.append("### `").append(e.getKey()).append("`\n\n");
            md.append(label.meaning());
            if ("modelled".equals(label.kind())) {
                md.append(" **Modelled, not published data.**");
            }
            md.append("\n\n| table | universe | used for |\n|---|---|---|\n");
            for (CensusModel.TableProvenance p : e.getValue()) {
                md.append("| `").append(p.table()).append("` | ").append(ReportText.cell(p.universe())).append(" | ")
                        .append(ReportText.cell(p.usedFor())).append(" |\n");
            }
            md.append('\n');
        }
    }

    private static void limitations(StringBuilder md, ReportInputs in) {
        List<String> modelled = new ArrayList<>();
        for (Map.Entry<Column, ReleaseResources.ColumnNote> e : in.resources().columns().entrySet()) {
            if (e.getValue().origin().equals("modelled")) {
                modelled.add("`" + e.getKey().columnName() + "`");
            }
        }
        md.append("## Known limitations\n\n");
        md.append("- **Adults only**: persons aged ").append(CensusModel.MIN_AGE).append(" to ")
                .append(CensusModel.MAX_AGE).append("; no children.\n");
        md.append("- **Territory**: the census covers the territory under the constitutional authorities. The left "
                + "bank of the Nistru (Transnistria), the municipality of Bender and a few villages of the Căușeni "
                + "and Dubăsari districts were not censused and are not represented.\n");
        md.append("- **Modelled fields**: ").append(String.join(", ", modelled)).append(" follow modelled "
                + "assumptions, and the cross-structure of several official marginals is modelled (see the "
                + "schema's origin column and the `modelled_assumption` tables above).\n");
        md.append("- **Names** are real and in Moldovan spelling, but their weights come from rank lists, a "
                + "Russian frequency study and name dictionaries, not from the population register (no ASP count "
                + "was reachable); minority surname pools are small (Gagauz 38, Bulgarian 50).\n");
        md.append("- **Occupation by sex** is a modelled prior (no LFS table of ISCO group by sex was reachable), "
                + "and most title head-counts and female shares are curated judgement anchored on cited counts "
                + "(physicians, teachers, police, army).\n");
        md.append("- **Field of study and OCEAN personality scores** are modelled; no census table describes "
                + "them.\n");
        md.append("- **Localities** are weighted by the 2014 census population of every commune (Chișinău's "
                + "units at their 2024 census weights); the split within a commune is modelled; districts use the "
                + "2014-based NBS estimate and urban shares are modelled, not 2024 census counts.\n");
        md.append("- Some reference tables come from the NBS ethnocultural communiqué as extracted by a peer "
                + "project and are not independently verified (see their label above).\n\n");
    }

    private static void narratives(StringBuilder md, ReportInputs in) {
        DatasetReport r = in.report();
        RunManifest m = in.manifest();
        long llm = r.statuses().get(NarrativeStatus.LLM);
        long template = r.statuses().get(NarrativeStatus.TEMPLATE);
        md.append("## Narratives\n\n");
        if (llm == 0 && template == 0) {
            md.append("This release is structured only (`--narratives none`): every narrative column is an empty "
                    + "string and `narrative_status` is `none`. To add narratives, run `ops/moldova-personas "
                    + "generate --narratives offline` (template-written, no network) or `--narratives llm` with a "
                    + "provider and an API key in the environment.\n\n");
            return;
        }
        if (template > 0) {
            md.append("**").append(llm == 0 ? "These narratives are" : ReportText.count(template)
                    + " of these narratives are").append(" template-written** by the built-in offline writer: "
                            + "Romanian sentences assembled from templates and a bank of cultural facts, filled "
                            + "with each record's own fields. They are grammatical and consistent with the record "
                            + "(gender agreement, age, place, occupation, past tense for retired people) but far "
                            + "less varied than text written by a language model. To get LLM-written narratives, "
                            + "run `ops/moldova-personas generate --narratives llm` with a provider and an API key "
                            + "in the environment (the variable named by `personas.narratives.api-key-env`).\n\n");
        }
        if (llm > 0) {
            md.append("**").append(ReportText.count(llm)).append(" narratives were written by a language model**: ")
                    .append(modelList(in)).append(" (prompt version `").append(m.narratives().promptVersion())
                    .append("`), each checked against the narrative contract and repaired or retried until it "
                            + "passed; records that still failed were dead-lettered, not released (")
                    .append(ReportText.count(m.counts().deadLetters())).append(" in this run).\n\n");
        }
        md.append("The narrative contract every narrative was checked against asks for: all fields non-empty; "
                + "`cultural_background` ")
                .append(ReportText.count(in.contract().minChars("cultural_background"))).append("–")
                .append(ReportText.count(in.contract().maxChars("cultural_background")))
                .append(" characters; `persona_summary` ")
                .append(ReportText.count(in.contract().minChars("persona_summary"))).append("–")
                .append(ReportText.count(in.contract().maxChars("persona_summary")))
                .append(" characters; the six persona variants 1–").append(in.contract().maxSentences())
                .append(" sentences starting with the first name; lists of ").append(in.contract().minListItems())
                .append("–").append(in.contract().maxListItems()).append(" items; Romanian with comma-below ș ț. ")
                .append("Length distributions and a comparison with Nemotron-Personas are in `")
                .append(in.statsMarkdownName()).append("`.\n\n");
    }
}
