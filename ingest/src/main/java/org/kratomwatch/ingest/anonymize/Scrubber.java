package org.kratomwatch.ingest.anonymize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what looks like a personal identifier from short free text that is kept (drug names as
 * reported, MedDRA terms) or excerpted (quarantine records).
 *
 * <p>Removed: e-mail addresses, URLs, phone numbers, anything date-like, runs of six or more
 * digits (record numbers), honorifics with up to three words after them ({@code DR. JANE ROE},
 * {@code MRS SMITH}), and "given/prescribed/recommended/sold by …" clauses. Dose numbers and
 * product codes survive ({@code 500 MG}, {@code 5000 IU}, {@code MIT 45}), so drug names stay
 * readable and normalize to the same substance.
 *
 * <p>This is a second line of defence: narrative text, reporter and patient fields, exact dates
 * and record numbers never enter the report model in the first place. Names of people written
 * into a drug-name field without any of these cues cannot be recognized by pattern; the README's
 * privacy section says so.
 */
public final class Scrubber {


    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern PHONE = Pattern.compile("(?:\\+?\\d[\\s.-]?)?(?:\\(\\d{2,4}\\)[\\s.-]?)?\\d{3}[\\s.-]\\d{3,4}(?:[\\s.-]\\d{2,4})?");
    private static final Pattern DATE = Pattern.compile(
            "\\b\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}\\b|(?i)\\b\\d{1,2}[ -]?(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*[ -]?\\d{2,4}\\b");
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{6,}");
    private static final Pattern HONORIFIC = Pattern.compile(
            "(?i)\\b(?:DR|DOCTOR|MR|MRS|MS|MISS|NURSE|PATIENT|PT NAME|NAME)\\b\\.?:?(?:\\s+[A-Za-z][A-Za-z'-]*\\.?){1,3}");
    private static final Pattern BY_CLAUSE = Pattern.compile(
            "(?i)\\b(?:GIVEN|PRESCRIBED|RECOMMENDED|SOLD|PURCHASED|BOUGHT|REPORTED|OBTAINED)\\s+(?:BY|FROM|AT)\\b.*$");

    /**
     * Drug names and terms repeat heavily (a few thousand distinct strings make most rows), and the
     * patterns above cost microseconds per string: results are memoised, bounded so that memory
     * cannot grow with the input (the cache starts afresh when full).
     */
    private static final int CACHE_LIMIT = 200_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Scrubber() {
    }

    /**
     * The text with identifier-like spans removed and white space tidied. Spans are removed, not
     * marked, so that a drug name with a prescriber's name after it still normalizes to the same
     * substance as the plain name.
     */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        String result = scrubUncached(text);
        CACHE.put(text, result);
        return result;
    }

    private static String scrubUncached(String text) {
        String s = text;
        s = replace(BY_CLAUSE, s);
        s = replace(EMAIL, s);
        s = replace(URL, s);
        s = replace(DATE, s);
        s = replace(PHONE, s);
        s = replace(LONG_DIGITS, s);
        s = replace(HONORIFIC, s);
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String replace(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(" ") : s;
    }

    /**
     * A short excerpt of a raw input record for a quarantine record that shows its shape, not its
     * content: every letter becomes {@code a} (or {@code A}), every digit {@code 9}, other
     * characters (delimiters, punctuation, spaces) stay, cut to {@code max} characters. An analyst
     * sees where fields are missing, doubled or overlong; no name, number or date survives, whatever
     * field the raw text came from.
     */
    public static String excerpt(String raw, int max) {
        if (raw == null) {
            return null;
        }
        int n = Math.min(raw.length(), max);
        StringBuilder b = new StringBuilder(n + 1);
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (Character.isDigit(c)) {
                b.append('9');
            } else if (Character.isLetter(c)) {
                b.append(Character.isUpperCase(c) ? 'A' : 'a');
            } else if (Character.isISOControl(c)) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        if (raw.length() > max) {
            b.append('…');
        }
        return b.toString();
    }
}
