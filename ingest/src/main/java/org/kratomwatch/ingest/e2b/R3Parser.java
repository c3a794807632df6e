package org.kratomwatch.ingest.e2b;

import org.kratomwatch.ingest.model.IcsrCodes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.kratomwatch.avro.Outcome;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;

/**
 * The E2B(R3) dialect: HL7 v3 {@code PORR_IN049016UV} messages. Elements are recognized by their
 * path below {@code controlActProcess/subject/investigationEvent} (local names, HL7 v3 namespace
 * not checked) and, where HL7 reuses an element for many things, by the {@code code} /
 * {@code codeSystem} of the enclosing observation. See the package documentation for the mapping.
 */
final class R3Parser {

    private static final String ICH_OBS = "2.16.840.1.113883.3.989.2.1.1.19";
    private static final String FDA_SERIOUSNESS = "2.16.840.1.113883.3.989.5.1.2.2.1.3";
    private static final String ROOT_C11 = "2.16.840.1.113883.3.989.2.1.3.1";
    private static final String ROOT_C181 = "2.16.840.1.113883.3.989.2.1.3.2";

    private static final String PR = "component/adverseEventAssessment/subject1/primaryRole";
    private static final String OBS = PR + "/subjectOf2/observation";
    private static final String OBS_SUB = OBS + "/outboundRelationship2/observation";
    private static final String ORG = PR + "/subjectOf2/organizer";
    private static final String SA = ORG + "/component/substanceAdministration";
    private static final String PRODUCT = SA + "/consumable/instanceOfKind/kindOfProduct";
    private static final String CA = "component/adverseEventAssessment/component/causalityAssessment";
    private static final String SRC = "outboundRelationship";

    private static final DateTimeFormatter VERSION_FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private final XMLStreamReader r;
    private final E2bReader.Cursor cursor;
    private final String fallbackPeriod;

    private final String[] names = new String[256];
    /** Path below investigationEvent at each depth (null outside it). */
    private final String[] rel = new String[256];
    private int depth;
    private int messageDepth = -1;
    private int ieDepth = -1;

    private Message msg;
    private String capture;
    private int captureDepth = -1;
    private final StringBuilder text = new StringBuilder(64);

    R3Parser(XMLStreamReader r, E2bReader.Cursor cursor, String fallbackPeriod) {
        this.r = r;
        this.cursor = cursor;
        this.fallbackPeriod = fallbackPeriod;
    }

    /** From the root START_ELEMENT (a batch, or a message itself) to the end of the document. */
    void run(boolean rootIsMessage) throws XMLStreamException {
        depth = 0;
        names[0] = r.getLocalName();
        if (rootIsMessage) {
            beginMessage();
        }
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> start();
                case XMLStreamConstants.END_ELEMENT -> end();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (capture != null) {
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                default -> {
                    // comments, processing instructions
                }
            }
        }
    }

    private void beginMessage() {
        messageDepth = depth;
        msg = new Message(cursor.begin());
    }

    private String attr(String name) {
        String v = r.getAttributeValue(null, name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    private void capture(String what) {
        capture = what;
        captureDepth = depth;
        text.setLength(0);
    }

    private void start() throws XMLStreamException {
        String name = r.getLocalName();
        if (++depth >= names.length) {
            throw new XMLStreamException("elements nested deeper than " + names.length, r.getLocation());
        }
        names[depth] = name;
        rel[depth] = null;
        if (msg == null) {
            if (depth == 1 && E2bReader.R3_MESSAGE.equals(name)) {
                beginMessage();
            }
            return;
        }
        if (ieDepth < 0) {
            if ("investigationEvent".equals(name) && depth == messageDepth + 3
                    && "subject".equals(names[depth - 1]) && "controlActProcess".equals(names[depth - 2])) {
                ieDepth = depth;
                rel[depth] = "";
            }
            return;
        }
        String parentRel = rel[depth - 1];
        String p = parentRel.isEmpty() ? name : parentRel + "/" + name;
        rel[depth] = p;
        if (capture != null) {
            return;
        }
        onElement(p);
    }

    private void onElement(String p) {
        Message m = msg;
        switch (p) {
            case "id" -> {
                String root = attr("root");
                if (ROOT_C11.equals(root) && m.c11 == null) {
                    m.c11 = attr("extension");
                } else if (ROOT_C181.equals(root) && m.c181 == null) {
                    m.c181 = attr("extension");
                }
            }
            case "text" -> capture("narrative");
            case "effectiveTime/low" -> m.c14 = attr("value");
            case "availabilityTime" -> m.c15 = attr("value");
            case PR + "/player1/administrativeGenderCode" -> m.sex = attr("code");
            case OBS -> m.obs = new Obs();
            case OBS + "/code" -> {
                m.obs.code = attr("code");
                m.obs.codeSystem = attr("codeSystem");
            }
            case OBS + "/value" -> {
                m.obs.value = attr("value");
                m.obs.unit = attr("unit");
                m.obs.valueCode = attr("code");
                m.obs.displayName = attr("displayName");
            }
            case OBS + "/value/originalText" -> capture("originalText");
            case OBS + "/location/locatedEntity/locatedPlace/code" -> {
                if (m.obs.country == null) {
                    m.obs.country = attr("code");
                }
            }
            case OBS_SUB -> {
                m.obs.subCode = null;
                m.obs.subCodeSystem = null;
                m.obs.subValue = null;
                m.obs.subText = null;
            }
            case OBS_SUB + "/code" -> {
                m.obs.subCode = attr("code");
                m.obs.subCodeSystem = attr("codeSystem");
            }
            case OBS_SUB + "/value" -> {
                m.obs.subValue = attr("value");
                capture("subText");
            }
            case ORG -> m.orgCode = null;
            case ORG + "/code" -> m.orgCode = attr("code");
            case SA -> m.drug = "4".equals(m.orgCode) ? new Drug() : null;
            case SA + "/id" -> {
                if (m.drug != null && m.drug.ref == null) {
                    m.drug.ref = attr("root");
                }
            }
            case PRODUCT + "/name" -> {
                if (m.drug != null) {
                    capture("product");
                }
            }
            case PRODUCT + "/ingredient/ingredientSubstance/name" -> {
                if (m.drug != null) {
                    capture("substance");
                }
            }
            case CA -> {
                m.caCode = null;
                m.caValue = null;
                m.caRef = null;
            }
            case CA + "/code" -> m.caCode = attr("code");
            case CA + "/value" -> m.caValue = attr("code");
            case CA + "/subject2/productUseReference/id" -> m.caRef = attr("root");
            case SRC -> m.src = new PrimarySource();
            case SRC + "/priorityNumber" -> m.src.priority = attr("value");
            case SRC + "/relatedInvestigation/code" -> m.src.code = attr("code");
            default -> {
                if (m.src != null && p.startsWith(SRC + "/relatedInvestigation/")) {
                    if (p.endsWith("/asQualifiedEntity/code") && m.src.qualification == null) {
                        m.src.qualification = attr("code");
                    } else if (p.endsWith("/asLocatedEntity/location/code") && m.src.country == null) {
                        m.src.country = attr("code");
                    }
                }
            }
        }
    }

    private void end() {
        if (msg != null && capture != null && depth == captureDepth) {
            String v = text.toString().trim();
            setCaptured(capture, v.isEmpty() ? null : v);
            capture = null;
            captureDepth = -1;
        }
        if (msg != null) {
            if (depth == messageDepth) {
                emit(msg);
                msg = null;
                ieDepth = -1;
                messageDepth = -1;
            } else if (ieDepth >= 0 && depth > ieDepth) {
                onEnd(rel[depth]);
            } else if (depth == ieDepth) {
                ieDepth = -1;
            }
        }
        rel[depth] = null;
        depth--;
    }

    private void setCaptured(String what, String v) {
        Message m = msg;
        switch (what) {
            case "narrative" -> m.narrative = v;
            case "originalText" -> m.obs.originalText = v;
            case "subText" -> m.obs.subText = v;
            case "product" -> m.drug.product = v;
            case "substance" -> {
                if (v != null) {
                    m.drug.substances = m.drug.substances == null ? new StringBuilder(v) : m.drug.substances.append('\\').append(v);
                }
            }
            default -> throw new IllegalStateException(what);
        }
    }

    private void onEnd(String p) {
        Message m = msg;
        switch (p) {
            case OBS_SUB -> m.obs.endSub();
            case OBS -> {
                m.obs.endObservation(m);
                m.obs = null;
            }
            case SA -> {
                if (m.drug != null) {
                    m.drugs.add(m.drug);
                    m.drug = null;
                }
            }
            case CA -> {
                if ("20".equals(m.caCode) && m.caRef != null && m.caValue != null) {
                    m.roles.merge(m.caRef, m.caValue, R3Parser::strongerRole);
                }
            }
            case SRC -> {
                if ("2".equals(m.src.code)) {
                    if (m.primary == null || "1".equals(m.src.priority) && !"1".equals(m.primary.priority)) {
                        m.primary = m.src;
                    }
                }
                m.src = null;
            }
            default -> {
                // nothing to close
            }
        }
    }

    /** When a drug has several G.k.1 values: suspect over interacting over concomitant over not administered. */
    private static String strongerRole(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String code) {
        return switch (code) {
            case "1" -> 4;
            case "3" -> 3;
            case "2" -> 2;
            case IcsrCodes.NOT_ADMINISTERED -> 1;
            default -> 0;
        };
    }

    /** C.1.5 (or C.1.4) as a version: the instant in UTC written as the number yyyyMMddHHmmss. */
    static long version(String ts) {
        String t = ts.trim();
        int digits = 0;
        while (digits < t.length() && digits < 14 && Character.isDigit(t.charAt(digits))) {
            digits++;
        }
        String d = (t.substring(0, digits) + "00000000000000").substring(0, 14);
        if (digits == 4) {
            d = t.substring(0, 4) + "0101000000";
        } else if (digits == 6) {
            d = t.substring(0, 6) + "01000000";
        }
        LocalDateTime ldt = LocalDateTime.parse(d, VERSION_FORMAT);
        int z = t.indexOf('+', digits) >= 0 ? t.indexOf('+', digits) : t.indexOf('-', digits);
        if (z >= 0 && t.length() >= z + 5) {
            int sign = t.charAt(z) == '-' ? -1 : 1;
            int hh = Integer.parseInt(t.substring(z + 1, z + 3));
            int mm = Integer.parseInt(t.substring(z + 3, z + 5));
            ldt = ldt.atOffset(ZoneOffset.ofHoursMinutes(sign * hh, sign * mm)).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime();
        }
        return Long.parseLong(ldt.format(VERSION_FORMAT));
    }

    private void emit(Message m) {
        cursor.end();
        Origin origin = m.origin;
        String id = m.c11 != null ? m.c11 : m.c181;
        if (id == null) {
            cursor.tally.quarantine(new QuarantineItem(Source.E2B, origin, QuarantineReason.MISSING_ID,
                    "no sender's safety report id (C.1.1) nor worldwide case id (C.1.8.1)", null));
            return;
        }
        YearMonth month;
        long version = 1;
        String dateField = m.c14 != null ? "C.1.4" : "C.1.5";
        String date = m.c14 != null ? m.c14 : m.c15;
        try {
            month = IcsrCodes.month(date);
            if (m.c15 != null) {
                dateField = "C.1.5";
                date = m.c15;
                IcsrCodes.month(m.c15);
                version = version(m.c15);
            } else if (m.c14 != null) {
                version = version(m.c14);
            }
        } catch (RuntimeException e) {
            cursor.tally.quarantine(new QuarantineItem(Source.E2B, origin, QuarantineReason.BAD_DATE,
                    dateField + ": " + (e instanceof IllegalArgumentException ? e.getMessage() : "not a date"), dateField + "=" + date));
            return;
        }
        String period = IcsrCodes.quarter(month);
        if (period == null) {
            period = fallbackPeriod;
        }
        List<RawDrug> drugs = new ArrayList<>(m.drugs.size());
        for (Drug d : m.drugs) {
            String code = d.ref == null ? null : m.roles.get(d.ref);
            if (IcsrCodes.NOT_ADMINISTERED.equals(code)) {
                continue; // not taken: no exposure
            }
            String ai = d.substances == null ? null : d.substances.toString();
            String name = d.product != null ? d.product : ai;
            if (name != null) {
                drugs.add(new RawDrug(name, ai, IcsrCodes.characterization(code)));
            }
        }
        String country = null;
        String qualification = null;
        if (m.primary != null) {
            country = IcsrCodes.country(m.primary.country);
            qualification = m.primary.qualification;
        }
        if (country == null) {
            country = IcsrCodes.country(m.reactionCountry);
        }
        cursor.tally.report(new RawReport(Source.E2B, id, version, month, period, m.age,
                IcsrCodes.sex(m.sex), IcsrCodes.qualification(qualification), country, !m.outcomes.isEmpty(), m.outcomes,
                drugs, m.reactions, m.narrative, origin));
    }

    private static final class Drug {
        String ref;
        String product;
        StringBuilder substances;
    }

    private static final class PrimarySource {
        String priority;
        String code;
        String qualification;
        String country;
    }

    /** One subjectOf2/observation of the primary role (age, reaction, …). */
    private static final class Obs {
        String code;
        String codeSystem;
        String value;
        String unit;
        String valueCode;
        String displayName;
        String originalText;
        String country;
        String translation;
        final EnumSet<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        String subCode;
        String subCodeSystem;
        String subValue;
        String subText;

        private boolean ich() {
            return codeSystem == null || ICH_OBS.equals(codeSystem);
        }

        /** End of outboundRelationship2/observation: E.i.1.2 or a seriousness criterion. */
        void endSub() {
            if (subCode == null) {
                return;
            }
            boolean ich = subCodeSystem == null || ICH_OBS.equals(subCodeSystem);
            if (ich && "30".equals(subCode)) {
                translation = subText;
                return;
            }
            if (!"true".equals(subValue)) {
                return;
            }
            Outcome o = null;
            if (ich) {
                o = switch (subCode) {
                    case "34" -> Outcome.DEATH;
                    case "21" -> Outcome.LIFE_THREATENING;
                    case "33" -> Outcome.HOSPITALIZATION;
                    case "35" -> Outcome.DISABILITY;
                    case "12" -> Outcome.CONGENITAL_ANOMALY;
                    case "26" -> Outcome.OTHER_SERIOUS;
                    default -> null;
                };
            } else if (FDA_SERIOUSNESS.equals(subCodeSystem) && "7".equals(subCode)) {
                o = Outcome.REQUIRED_INTERVENTION;
            }
            if (o != null) {
                outcomes.add(o);
            }
        }

        void endObservation(Message m) {
            if (!ich() || code == null) {
                return;
            }
            if ("3".equals(code)) {
                m.age = IcsrCodes.ageYearsUcum(value, unit);
            } else if ("29".equals(code)) {
                String term = displayName != null ? displayName
                        : translation != null ? translation
                        : originalText != null ? originalText
                        : valueCode;
                if (term != null) {
                    m.reactions.add(term);
                }
                m.outcomes.addAll(outcomes);
                if (m.reactionCountry == null) {
                    m.reactionCountry = country;
                }
            }
        }
    }

    private static final class Message {
        final Origin origin;
        String c11;
        String c181;
        String c14;
        String c15;
        String narrative;
        String sex;
        Double age;
        Obs obs;
        String orgCode;
        Drug drug;
        final List<Drug> drugs = new ArrayList<>();
        final Map<String, String> roles = new HashMap<>();
        String caCode;
        String caValue;
        String caRef;
        PrimarySource src;
        PrimarySource primary;
        String reactionCountry;
        final List<String> reactions = new ArrayList<>();
        final EnumSet<Outcome> outcomes = EnumSet.noneOf(Outcome.class);

        Message(Origin origin) {
            this.origin = origin;
        }
    }
}
