package org.kratomwatch.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.SignalState;

class SignalJsonTest {

    @Test
    void signalHasTheAvroFieldNamesInSchemaOrder() throws Exception {
        DisproportionalitySignal s = InMemorySignalQueries.signal("kratom", "drug withdrawal syndrome",
                EventKind.PREFERRED_TERM, 12, 3.25, SignalState.NEW, "evans", "eb05");
        ObjectNode json = SignalJson.toJson(s);
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).isEqualTo(DisproportionalitySignal.getClassSchema().getFields().stream()
                .map(Schema.Field::name).toList());
        assertThat(SignalJson.MAPPER.writeValueAsString(json)).doesNotContain("\n");

        assertThat(json.get("substance").textValue()).isEqualTo("kratom");
        assertThat(json.get("eventKind").textValue()).isEqualTo("PREFERRED_TERM");
        assertThat(json.get("scope").textValue()).isEqualTo("CUMULATIVE");
        assertThat(json.get("roleFilter").textValue()).isEqualTo("ANY_ROLE");
        assertThat(json.get("stratified").isBoolean()).isTrue();
        assertThat(json.get("a").isIntegralNumber()).isTrue();
        assertThat(json.get("a").longValue()).isEqualTo(12);
        assertThat(json.get("eb05").doubleValue()).isEqualTo(3.25);
        assertThat(json.get("state").textValue()).isEqualTo("NEW");
        assertThat(json.get("updatedAt").longValue()).isEqualTo(1_735_000_000_000L);
        assertThat(json.get("signalsFired")).hasSize(2);
        assertThat(json.get("signalsFired").get(0).textValue()).isEqualTo("evans");
        assertThat(json.get("firstFired").isObject()).isTrue();
        assertThat(json.get("firstFired").get("eb05").textValue()).isEqualTo("2023Q1");
        JsonNode hyper = json.get("hyperparameters");
        assertThat(hyper.isObject()).isTrue();
        assertThat(hyper.get("alpha1").doubleValue()).isEqualTo(0.2);
        assertThat(hyper.get("p").doubleValue()).isEqualTo(1.0 / 3);
    }

    @Test
    void nanIsNullAndInfinitiesAreStrings() throws Exception {
        DisproportionalitySignal s = InMemorySignalQueries.signal("kratom", "nausea", EventKind.PREFERRED_TERM, 2,
                Double.NaN, SignalState.NONE);
        s.setRorLower95(Double.NEGATIVE_INFINITY);
        ObjectNode json = SignalJson.toJson(s);
        assertThat(json.get("eb05").isNull()).isTrue();
        assertThat(json.get("ebgm").isNull()).isTrue();
        assertThat(json.get("hyperparameters").isNull()).isTrue();
        assertThat(json.get("prrUpper95").textValue()).isEqualTo("Infinity");
        assertThat(json.get("rorLower95").textValue()).isEqualTo("-Infinity");
        assertThat(json.get("signalsFired").isArray()).isTrue();
        assertThat(json.get("signalsFired")).isEmpty();

        String text = SignalJson.MAPPER.writeValueAsString(json);
        assertThat(text).contains("\"eb05\":null", "\"prrUpper95\":\"Infinity\"", "\"rorLower95\":\"-Infinity\"")
                .doesNotContain("NaN");
        JsonNode back = SignalJson.MAPPER.readTree(text);
        assertThat(SignalJson.number(back.get("eb05"))).isNaN();
        assertThat(SignalJson.number(back.get("prrUpper95"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SignalJson.number(back.get("rorLower95"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(SignalJson.number(back.get("expected"))).isEqualTo(1.5);
        assertThat(SignalJson.number(back.get("missing"))).isNaN();
    }

    @Test
    void interactionAndSignalEvent() {
        InteractionSignal i = InMemorySignalQueries.interaction("kratom", "fentanyl", "death", Double.NaN);
        ObjectNode json = SignalJson.toJson(i);
        assertThat(json.get("watchSubstance").textValue()).isEqualTo("kratom");
        assertThat(json.get("coDrug").textValue()).isEqualTo("fentanyl");
        assertThat(json.get("omega025").isNull()).isTrue();
        assertThat(json.get("signal").booleanValue()).isFalse();
        assertThat(json.get("n111").longValue()).isEqualTo(5);

        SignalEvent e = SignalEvent.newBuilder()
                .setSubstance("kratom").setEvent("withdrawal").setEventKind(EventKind.TERM_GROUP)
                .setComparator("excl-opioid").setScope(Scope.PERIOD).setPeriod("2024Q3")
                .setPreviousState(SignalState.NONE).setNewState(SignalState.NEW)
                .setSignalsFired(List.of("ror025")).setA(4).setExpected(0.7).setPrr(Double.POSITIVE_INFINITY)
                .setChiSquareYates(9.1).setRor(6.0).setRorLower95(1.2).setIc(1.1).setIc025(0.2)
                .setEbgm(Double.NaN).setEb05(Double.NaN).setOccurredAt(Instant.ofEpochMilli(42)).build();
        ObjectNode ej = SignalJson.toJson(e);
        assertThat(ej.get("previousState").textValue()).isEqualTo("NONE");
        assertThat(ej.get("newState").textValue()).isEqualTo("NEW");
        assertThat(ej.get("eventKind").textValue()).isEqualTo("TERM_GROUP");
        assertThat(ej.get("prr").textValue()).isEqualTo("Infinity");
        assertThat(ej.get("eb05").isNull()).isTrue();
        assertThat(ej.get("occurredAt").longValue()).isEqualTo(42);
    }
}
