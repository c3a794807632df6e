package org.kratomwatch.app.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.stats.mgps.MgpsHyperparameters;

/** The {@code --hyper-out} file: {@code {"alpha1":…,"beta1":…,"alpha2":…,"beta2":…,"p":…,"logLikelihood":…}}. */
public final class HyperparameterJson {

    private HyperparameterJson() {
    }

    public static void write(Path file, MgpsHyperparameters h, double logLikelihood) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("alpha1", h.alpha1());
            g.writeNumberField("beta1", h.beta1());
            g.writeNumberField("alpha2", h.alpha2());
            g.writeNumberField("beta2", h.beta2());
            g.writeNumberField("p", h.p());
            g.writeNumberField("logLikelihood", logLikelihood);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UserInputException("--hyper-out " + file + ": cannot write: " + ex.getMessage());
        }
    }
}
