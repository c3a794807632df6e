package org.kratomwatch.ingest.anonymize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what looks like a personal identifier from short free text that is kept (drug names as
 * reported, MedDRA terms) or excerpted (quarantine records).
 *
 * <p>Removed: e-mail addresses, URLs, phone numbers, anything date-like, runs of four or more
 * digits (record numbers, years, zip codes), honorifics with the words after them
 * ({@code DR. JANE ROE}, {@code MRS SMITH}), and "given/prescribed/recommended/sold by …" clauses.
 * Dose numbers of up to three digits survive ({@code 500 MG}), so drug names stay readable.
 *
 * <p>This is a second line of defence: narrative text, reporter and patient fields, exact dates
 * and record numbers never enter the report model in the first place. Names of people written
 * into a drug-name field without any of these cues cannot be recognized by pattern; the README's
 * privacy section says so.
 */
public final class Scrubber {

    /** What replaces a removed span. */
    public static final String MARK = "[redacted]";

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern PHONE = Pattern.compile("(?:\\+?\\d[\\s.-]?)?(?:\\(\\d{2,4}\\)[\\s.-]?)?\\d{3}[\\s.-]\\d{3,4}(?:[\\s.-]\\d{2,4})?");
    private static final Pattern DATE = Pattern.compile(
            "\\b\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}\\b|(?i)\\b\\d{1,2}[ -]?(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*[ -]?\\d{2,4}\\b");
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{4,}");
    private static final Pattern HONORIFIC = Pattern.compile(
            "(?i)\\b(?:DR|DOCTOR|MR|MRS|MS|MISS|NURSE|PATIENT|PT NAME|NAME)\\b\\.?:?(?:\\s+[A-Za-z][A-Za-z'-]*\\.?){1,3}");
    private static final Pattern BY_CLAUSE = Pattern.compile(
            "(?i)\\b(?:GIVEN|PRESCRIBED|RECOMMENDED|SOLD|PURCHASED|BOUGHT|REPORTED|OBTAINED)\\s+(?:BY|FROM|AT)\\b.*$");

    private Scrubber() {
    }

    /** The text with identifier-like spans replaced by {@value #MARK} and white space tidied. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        s = replace(BY_CLAUSE, s);
        s = replace(EMAIL, s);
        s = replace(URL, s);
        s = replace(DATE, s);
        s = replace(PHONE, s);
        s = replace(LONG_DIGITS, s);
        s = replace(HONORIFIC, s);
        s = s.replaceAll("\\s+", " ").strip();
        // collapse repeated marks
        return s.replace(MARK + " " + MARK, MARK);
    }

    private static String replace(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(MARK)) : s;
    }

    /**
     * A short excerpt of a raw input record for a quarantine record: scrubbed, every remaining digit
     * replaced by {@code #}, and cut to {@code max} characters.
     */
    public static String excerpt(String raw, int max) {
        if (raw == null) {
            return null;
        }
        String s = scrub(raw.length() > 4 * max ? raw.substring(0, 4 * max) : raw);
        s = s.replaceAll("\\d", "#");
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
