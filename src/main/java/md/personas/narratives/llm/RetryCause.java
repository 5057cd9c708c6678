package md.personas.narratives.llm;

/** Why a call was made again: transport causes (the same request again) and answer causes (a repair request). */
public enum RetryCause {
    /** 429. */
    RATE_LIMITED("rate_limited"),
    /** 503 or 529. */
    OVERLOADED("overloaded"),
    /** Another 5xx, a 408, or a 2xx that is not a chat completion. */
    SERVER_ERROR("server_error"),
    TIMEOUT("timeout"),
    /** Refused, reset or dropped connections. */
    CONNECTION("connection"),
    /** An answer cut off (finish_reason length, or JSON that ends early): the missing fields are asked again. */
    TRUNCATED("truncated"),
    /** An answer without a JSON object. */
    NO_JSON("no_json"),
    /** An answer that broke the narrative contract: the failing fields are asked again. */
    CONTRACT("contract");

    private final String id;

    RetryCause(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
