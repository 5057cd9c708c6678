package md.personas.narratives.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.census.CensusModel;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.NarrativeFields;
import md.personas.record.Persona;

/**
 * The Romanian prompts of one prompt version, from {@code narratives/llm/prompt-<version>.conf}: a first request
 * for all narrative fields of a persona, and a repair request for the fields that failed the contract (only those,
 * with what was wrong and their previous text). The wording lives in the resource; this class only fills it in.
 */
public final class NarrativePrompts {

    /** The narrative fields in contract order: the keys of every answer. */
    public static final List<String> ALL_FIELDS = NarrativeFields.ALL;

    private static final Set<String> LIST_FIELDS = Set.copyOf(NarrativeFields.LISTS);
    private static final Set<String> VARIANT_FIELDS = Set.copyOf(NarrativeFields.VARIANTS);
    private static final String[] TRAITS = {"openness", "conscientiousness", "extraversion", "agreeableness",
        "neuroticism"};
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final Config prompt;
    private final NarrativeContract contract;
    private final PersonaProfile profile;
    private final Map<String, String> contractVars = new HashMap<>();
    private final Map<String, Integer> expectedChars = new LinkedHashMap<>();
    private final int jsonCharsPerField;

    private NarrativePrompts(String version, Config prompt, CensusModel model, NarrativeContract contract) {
        this.version = prompt.getString("version");
        if (!this.version.equals(version)) {
            throw new LlmConfigurationException("narratives/llm/prompt-" + version + ".conf declares version '"
                    + this.version + "'");
        }
        this.prompt = prompt;
        this.contract = contract;
        this.profile = new PersonaProfile(model);
        String cb = NarrativeFields.require("cultural_background");
        String summary = NarrativeFields.require("persona_summary");
        contractVars.put("cultural_min", Integer.toString(contract.minChars(cb)));
        contractVars.put("cultural_max", Integer.toString(contract.maxChars(cb)));
        contractVars.put("cultural_target", Integer.toString(contract.targetChars(cb)));
        contractVars.put("cultural_words", prompt.getString("cultural-target-words"));
        contractVars.put("summary_min", Integer.toString(contract.minChars(summary)));
        contractVars.put("summary_max", Integer.toString(contract.maxChars(summary)));
        contractVars.put("sentences_min", Integer.toString(contract.minSentences()));
        contractVars.put("sentences_max", Integer.toString(contract.maxSentences()));
        contractVars.put("variant_max_chars", Integer.toString(contract.maxVariantChars()));
        contractVars.put("list_min", Integer.toString(contract.minListItems()));
        contractVars.put("list_max", Integer.toString(contract.maxListItems()));
        contractVars.put("item_max_chars", Integer.toString(contract.maxListItemChars()));
        Config expected = prompt.getConfig("expected-chars");
        for (String field : ALL_FIELDS) {
            expectedChars.put(field, expected.getInt(field));
        }
        jsonCharsPerField = expected.getInt("json-per-field");
    }

    /**
     * Loads prompt {@code version} from the classpath.
     *
     * @throws LlmConfigurationException when the resource is missing or incomplete
     */
    public static NarrativePrompts load(String version, CensusModel model, NarrativeContract contract) {
        String resource = "narratives/llm/prompt-" + version + ".conf";
        try {
            Config c = ConfigFactory.parseResources(NarrativePrompts.class.getClassLoader(), resource,
                    ConfigParseOptions.defaults().setAllowMissing(false));
            NarrativePrompts prompts = new NarrativePrompts(version, c, model, contract);
            return prompts;
        } catch (ConfigException e) {
            throw new LlmConfigurationException("prompt " + resource + ": " + e.getMessage().lines().findFirst()
                    .orElse("unreadable"));
        }
    }

    /** {@code prompt_version} of the records. */
    public String version() {
        return version;
    }

    /** Characters a good answer spends on a field, and per field on JSON punctuation. */
    Map<String, Integer> expectedChars() {
        return expectedChars;
    }

    int jsonCharsPerField() {
        return jsonCharsPerField;
    }

    /** The first request: every narrative field. */
    public ChatRequest first(Persona p, TokenEstimator estimator) {
        Map<String, String> vars = vars(p, ALL_FIELDS);
        String user = PromptTemplate.render(prompt.getString("user"), vars);
        return request(p, vars, user, ALL_FIELDS, true, estimator, 0);
    }

    /**
     * A repair request for the fields that broke the contract.
     *
     * @param violations the violations of the last answer (their fields are the ones asked for again)
     * @param previous the current values of the narrative fields by contract name (text or list of text)
     * @param attempt the number of the attempt this request makes (1 for the first repair), for the seed
     */
    public ChatRequest repair(Persona p, List<ContractViolation> violations, Map<String, Object> previous,
                              TokenEstimator estimator, int attempt) {
        List<String> fields = failingFields(violations);
        Map<String, String> vars = vars(p, fields);
        vars.put("problems", problems(p, vars, violations, previous));
        vars.put("previous", previousText(fields, previous));
        String user = PromptTemplate.render(prompt.getString("repair"), vars);
        return request(p, vars, user, fields, false, estimator, attempt);
    }

    /** The fields a set of violations names, in contract order. */
    public static List<String> failingFields(List<ContractViolation> violations) {
        Set<String> named = new LinkedHashSet<>();
        violations.forEach(v -> named.add(v.field()));
        return ALL_FIELDS.stream().filter(named::contains).toList();
    }

    /** The JSON schema of an answer holding exactly {@code fields} (structured-output providers). */
    public static ObjectNode schema(List<String> fields) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode schema = f.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (String field : fields) {
            ObjectNode p = properties.putObject(field);
            if (LIST_FIELDS.contains(field)) {
                p.put("type", "array");
                p.putObject("items").put("type", "string");
            } else {
                p.put("type", "string");
            }
            required.add(field);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private ChatRequest request(Persona p, Map<String, String> vars, String user, List<String> fields, boolean first,
                                TokenEstimator estimator, int attempt) {
        String system = PromptTemplate.render(prompt.getString("system"), vars);
        long seed = UUID.nameUUIDFromBytes(p.uuid().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .getMostSignificantBits() & 0x7fffffffL;
        return new ChatRequest(system, user, fields, estimator.maxTokens(fields, first),
                estimator.expectedCompletionTokens(fields), first, seed + attempt);
    }

    private Map<String, String> vars(Persona p, List<String> fields) {
        Map<String, String> vars = new HashMap<>(contractVars);
        vars.putAll(profile.facts(p));
        Config g = prompt.getConfig(p.isFemale() ? "gender.female" : "gender.male");
        vars.put("sex_word", g.getString("word"));
        vars.put("gender", g.getString("gender"));
        vars.put("pron_acc", g.getString("pron-acc"));
        vars.put("gender_examples", g.getString("examples"));
        LifeStage stage = LifeStage.of(p);
        vars.put("profile", PromptTemplate.renderLines(prompt.getString("profile"), vars));
        vars.put("stage", PromptTemplate.render(prompt.getString("stages." + stage.key()), vars));
        vars.put("personality", personality(p));
        vars.put("rules", PromptTemplate.render(prompt.getString("rules"), vars));
        vars.put("fields", fieldGuide(fields, stage, vars));
        vars.put("keys", String.join(", ", fields));
        return vars;
    }

    private String personality(Persona p) {
        int[] scores = {p.oceanOpenness(), p.oceanConscientiousness(), p.oceanExtraversion(),
            p.oceanAgreeableness(), p.oceanNeuroticism()};
        int lowBelow = prompt.getInt("personality.low-below");
        int highFrom = prompt.getInt("personality.high-from");
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < TRAITS.length; t++) {
            if (scores[t] < lowBelow) {
                lines.add("- " + prompt.getString("personality." + TRAITS[t] + ".low"));
            } else if (scores[t] >= highFrom) {
                lines.add("- " + prompt.getString("personality." + TRAITS[t] + ".high"));
            }
        }
        return lines.isEmpty() ? prompt.getString("personality.balanced") : String.join("\n", lines);
    }

    private String fieldGuide(List<String> fields, LifeStage stage, Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        for (String field : fields) {
            String path = "fields." + field;
            String text = prompt.getValue(path).valueType() == com.typesafe.config.ConfigValueType.OBJECT
                    ? prompt.getString(path + "." + stage.key()) : prompt.getString(path);
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("- ").append(field).append(": ").append(PromptTemplate.render(text, vars));
        }
        return out.toString();
    }

    private String problems(Persona p, Map<String, String> vars, List<ContractViolation> violations,
                            Map<String, Object> previous) {
        Set<String> lines = new LinkedHashSet<>();
        for (ContractViolation v : violations) {
            Map<String, String> local = new HashMap<>(vars);
            local.put("detail", v.detail());
            Object value = previous.get(v.field());
            String rule = prompt.hasPath("problems." + v.rule()) ? v.rule() : "other";
            switch (rule) {
                case "length" -> {
                    int actual = value instanceof String s ? s.codePointCount(0, s.length()) : 0;
                    local.put("actual_count", PersonaProfile.count(actual, "caractere"));
                    boolean variant = VARIANT_FIELDS.contains(v.field());
                    local.put("min", Integer.toString(variant ? 1 : contract.minChars(v.field())));
                    local.put("max", Integer.toString(variant ? contract.maxVariantChars()
                            : contract.maxChars(v.field())));
                }
                case "list_size" -> local.put("actual_count",
                        PersonaProfile.count(value instanceof List<?> l ? l.size() : 0, "elemente"));
                case "gender" -> {
                    Matcher m = QUOTED.matcher(v.detail());
                    String wrong = m.find() ? m.group(1) : "";
                    String right = m.find() ? m.group(1) : "";
                    if (wrong.isEmpty() || right.isEmpty()) {
                        rule = "other";
                    }
                    local.put("wrong", wrong);
                    local.put("right", right);
                }
                default -> { }
            }
            lines.add("- " + v.field() + ": " + PromptTemplate.render(prompt.getString("problems." + rule), local));
        }
        return String.join("\n", lines);
    }

    private static String previousText(List<String> fields, Map<String, Object> previous) {
        StringBuilder out = new StringBuilder();
        for (String field : fields) {
            Object value = previous.get(field);
            boolean empty = value == null || (value instanceof String s && s.isBlank())
                    || (value instanceof List<?> l && l.isEmpty());
            String text;
            try {
                text = empty ? "(lipsește)" : JSON.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                text = String.valueOf(value);
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("- ").append(field).append(": ").append(text);
        }
        return out.toString();
    }
}
