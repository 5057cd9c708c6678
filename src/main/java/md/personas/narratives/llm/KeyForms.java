package md.personas.narratives.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the API key in text in the forms an echoing proxy or an error page may show it: as is, in any letter case,
 * base64 or base64url (of the key alone or of a longer string holding it), or cut short. Every form is reduced to
 * its windows of {@value #WINDOW} characters (fewer for a shorter key), compared without regard to case: a text
 * holds the key when it holds any window. Twelve characters of a random key are as good as the key to nobody, but
 * they are enough to find where a key was pasted, and no Romanian sentence holds one by chance.
 *
 * <p>One pass over the text with a rolling hash, whatever the number of windows: a lookup table of the windows'
 * hashes rejects almost every position at once, and a hit is confirmed character by character.
 */
final class KeyForms {

    static final int WINDOW = 12;
    private static final long BASE = 1_000_003L;
    private static final int TABLE_BITS = 16;

    private final int window;
    private final long dropFactor;
    private final long[] hashes;
    private final String[] needles;
    private final long[] table = new long[1 << (TABLE_BITS - 6)];

    /** @param key the key; blank means there is nothing to find */
    KeyForms(String key) {
        Set<String> forms = forms(key);
        int shortest = forms.stream().mapToInt(String::length).min().orElse(0);
        this.window = Math.min(WINDOW, shortest);
        Set<String> windows = new LinkedHashSet<>();
        if (window > 0) {
            for (String form : forms) {
                for (int i = 0; i + window <= form.length(); i++) {
                    windows.add(form.substring(i, i + window));
                }
            }
        }
        long drop = 1;
        for (int i = 1; i < window; i++) {
            drop *= BASE;
        }
        this.dropFactor = drop;
        List<String> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Long.compare(hash(a), hash(b)));
        this.needles = sorted.toArray(new String[0]);
        this.hashes = new long[needles.length];
        for (int i = 0; i < needles.length; i++) {
            hashes[i] = hash(needles[i]);
            int slot = slot(hashes[i]);
            table[slot >>> 6] |= 1L << slot;
        }
    }

    /** Whether the text holds the key in any of its forms. */
    boolean foundIn(CharSequence text) {
        return text != null && next(text, 0) >= 0;
    }

    /** The text with every stretch that holds a form of the key replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        int at = next(text, 0);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at;
            int end = at + window;
            int more = next(text, at + 1);
            // Overlapping and touching windows are one stretch: a whole key becomes one ***.
            while (more >= 0 && more <= end) {
                end = more + window;
                more = next(text, more + 1);
            }
            out.append(text, copied, start).append("***");
            copied = end;
            at = more;
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** Number of windows searched for. */
    int windows() {
        return needles.length;
    }

    /** The start of the first window at or after {@code from}, or -1. */
    private int next(CharSequence text, int from) {
        int n = text.length();
        if (window == 0 || n - from < window) {
            return -1;
        }
        long h = 0;
        for (int i = from; i < from + window; i++) {
            h = h * BASE + lower(text.charAt(i));
        }
        for (int start = from; ; start++) {
            int slot = slot(h);
            if ((table[slot >>> 6] & (1L << slot)) != 0 && confirmed(text, start, h)) {
                return start;
            }
            int end = start + window;
            if (end >= n) {
                return -1;
            }
            h = (h - lower(text.charAt(start)) * dropFactor) * BASE + lower(text.charAt(end));
        }
    }

    private boolean confirmed(CharSequence text, int start, long h) {
        int i = Arrays.binarySearch(hashes, h);
        if (i < 0) {
            return false;
        }
        while (i > 0 && hashes[i - 1] == h) {
            i--;
        }
        for (; i < hashes.length && hashes[i] == h; i++) {
            if (matches(text, start, needles[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(CharSequence text, int start, String needle) {
        for (int k = 0; k < needle.length(); k++) {
            if (lower(text.charAt(start + k)) != needle.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private long hash(String s) {
        long h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = h * BASE + s.charAt(i);
        }
        return h;
    }

    private static int slot(long h) {
        long mixed = h * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> (64 - TABLE_BITS));
    }

    private static char lower(char c) {
        return c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
    }

    /** The key, and its base64 and base64url encodings at the three byte alignments it can have; lower case. */
    private static Set<String> forms(String key) {
        Set<String> forms = new LinkedHashSet<>();
        if (key == null || key.isBlank()) {
            return forms;
        }
        forms.add(lowerAll(key));
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        addEncodings(forms, bytes);
        for (int offset = 1; offset < 3 && bytes.length - offset >= 3; offset++) {
            // The key inside a longer encoded string ("Bearer sk-..."): whole 3-byte groups from this offset.
            int usable = (bytes.length - offset) / 3 * 3;
            addEncodings(forms, Arrays.copyOfRange(bytes, offset, offset + usable));
        }
        if (bytes.length >= 3) {
            addEncodings(forms, Arrays.copyOf(bytes, bytes.length / 3 * 3));
        }
        forms.removeIf(String::isEmpty);
        return forms;
    }

    private static void addEncodings(Set<String> forms, byte[] bytes) {
        forms.add(lowerAll(Base64.getEncoder().encodeToString(bytes)));
        forms.add(lowerAll(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    private static String lowerAll(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.append(lower(s.charAt(i)));
        }
        return b.toString();
    }
}
