package org.kratomwatch.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.faers.FaersQuarter;
import org.kratomwatch.ingest.faers.FaersReader;
import org.kratomwatch.ingest.run.InputFormat;
import org.kratomwatch.ingest.synthetic.GroundTruth;

/**
 * How the demo's input is cut into steps, each ingested and then analysed before the next: one
 * step per data period where the input's layout gives periods (FAERS quarters, as FDA publishes
 * them: a zip or folder per quarter), else one step for everything.
 */
final class DemoSteps {

    /**
     * One step.
     *
     * @param label  what the step is called on screen (a quarter, or "input")
     * @param inputs the paths an ingestion run reads for it
     */
    record Step(String label, List<Path> inputs) {
    }

    /** The names of the quarterly zips the demo generates (as FDA names them). */
    private static final Pattern GENERATED = Pattern.compile("faers_ascii_\\d{4}Q\\d\\.zip");

    private DemoSteps() {
    }

    /**
     * The steps of a user's input: FAERS zips or quarter folders (given one by one or side by side
     * in a folder) one quarter at a time in quarter order; anything else in one step.
     */
    static List<Step> of(InputFormat format, List<Path> inputs) {
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw UserInputException.in(p, "no such file or folder");
            }
        }
        if (format != InputFormat.faers) {
            return List.of(new Step("input", List.copyOf(inputs)));
        }
        Map<FaersQuarter, List<Path>> byQuarter = new TreeMap<>();
        for (Path input : inputs) {
            if (!addQuarters(input, byQuarter)) {
                return List.of(new Step("input", List.copyOf(inputs))); // tables of several quarters mixed
            }
        }
        List<Step> steps = new ArrayList<>();
        byQuarter.forEach((q, paths) -> steps.add(new Step(q.toString(), paths)));
        return steps;
    }

    /**
     * Adds an input's quarters: a single-quarter zip or folder as itself, a folder of per-quarter
     * zips or folders child by child.
     *
     * @return false when the input holds several quarters that cannot be separated by path
     */
    private static boolean addQuarters(Path input, Map<FaersQuarter, List<Path>> byQuarter) {
        List<FaersQuarter> quarters = quarters(input);
        if (quarters.size() == 1) {
            byQuarter.computeIfAbsent(quarters.get(0), q -> new ArrayList<>()).add(input);
            return true;
        }
        if (!Files.isDirectory(input)) {
            return false;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(input)) {
            children = s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<FaersQuarter, Path> perChild = new TreeMap<>();
        for (Path child : children) {
            boolean container = Files.isDirectory(child) || child.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
            if (!container && FaersQuarter.find(child.getFileName().toString()).isPresent()) {
                return false; // a table lying loose (DEMO24Q1.txt) belongs to no one child: all at once
            }
            List<FaersQuarter> inChild = container ? quartersOrNone(child) : List.of();
            if (inChild.size() > 1 || inChild.size() == 1 && perChild.put(inChild.get(0), child) != null) {
                return false;
            }
        }
        if (!List.copyOf(perChild.keySet()).equals(quarters)) {
            return false;
        }
        perChild.forEach((q, child) -> byQuarter.computeIfAbsent(q, k -> new ArrayList<>()).add(child));
        return true;
    }

    private static List<FaersQuarter> quarters(Path input) {
        try {
            return FaersReader.quarters(input);
        } catch (UnreadableInputException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private static List<FaersQuarter> quartersOrNone(Path input) {
        try {
            return FaersReader.quarters(input);
        } catch (UnreadableInputException e) {
            return List.of();
        }
    }

    /** What a previous demo generated into the folder: removed so that a shorter run does not pick up its quarters. */
    static void clearGenerated(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (GENERATED.matcher(name).matches() || name.equals(GroundTruth.FILE_NAME)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The demo's generated quarterly zips ({@code faers_ascii_2024Q4.zip}), one step each. */
    static List<Step> generated(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> GENERATED.matcher(p.getFileName().toString()).matches()).sorted()
                    .map(zip -> new Step(zip.getFileName().toString().replaceAll("\\D*(\\d{4}Q\\d).*", "$1"), List.of(zip)))
                    .toList();
        }
    }
}
