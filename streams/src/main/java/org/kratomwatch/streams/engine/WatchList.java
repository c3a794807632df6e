package org.kratomwatch.streams.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which exposures get signal records (every exposure is counted regardless: the background and
 * the MGPS prior need them). An exposure is a substance ({@code Drug.substance}) or a group or
 * class ({@code Drug.substanceGroups}).
 *
 * <ul>
 *   <li>default: the {@code kratom-related} group and every substance in it;</li>
 *   <li>{@code all}: every substance, and the {@code kratom-related} group;</li>
 *   <li>a regular expression: substances and groups whose whole name matches it.</li>
 * </ul>
 */
public final class WatchList {

    public static final String KRATOM_RELATED = "kratom-related";

    private final String spec;
    private final Pattern pattern;
    private final boolean all;

    private WatchList(String spec, Pattern pattern, boolean all) {
        this.spec = spec;
        this.pattern = pattern;
        this.all = all;
    }

    public static WatchList kratom() {
        return new WatchList("kratom-related", null, false);
    }

    public static WatchList all() {
        return new WatchList("all", null, true);
    }

    /**
     * Parses {@code all}, {@code kratom} / {@code kratom-related} (the default) or a regular expression.
     *
     * @throws IllegalArgumentException for an invalid expression
     */
    public static WatchList parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("kratom") || spec.equals(KRATOM_RELATED)) {
            return kratom();
        }
        if (spec.equals("all")) {
            return all();
        }
        return new WatchList(spec, Pattern.compile(spec, Pattern.CASE_INSENSITIVE), false);
    }

    /** Whether a substance with these groups is watched. */
    public boolean substance(String substance, List<String> groups) {
        if (pattern != null) {
            return pattern.matcher(substance).matches();
        }
        return all || groups.contains(KRATOM_RELATED);
    }

    /** Whether a group or class is watched. */
    public boolean group(String group) {
        if (pattern != null) {
            return pattern.matcher(group).matches();
        }
        return group.equals(KRATOM_RELATED);
    }

    @Override
    public String toString() {
        return spec;
    }
}
