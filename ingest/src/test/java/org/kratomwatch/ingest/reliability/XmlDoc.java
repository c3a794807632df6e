package org.kratomwatch.ingest.reliability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Structural faults in E2B XML, made on a DOM of the sample (DTDs never loaded) and written back:
 * sibling elements reordered, id elements or other leaves deleted, a leaf's text blown up to a
 * giant field. The records are those the E2B reader counts: {@code safetyreport} elements (R2) or
 * {@code PORR_IN049016UV} messages (R3).
 */
final class XmlDoc {

    private static final String ROOT_C11 = "2.16.840.1.113883.3.989.2.1.3.1";
    private static final String ROOT_C181 = "2.16.840.1.113883.3.989.2.1.3.2";

    /** What an edit did: the bytes to write, the records (1-based) it damaged, the id's name. */
    record Edit(byte[] bytes, List<Integer> records, String idName, String what, int count) {
    }

    private XmlDoc() {
    }

    static Edit edit(byte[] original, Fault f, Random rnd) throws IOException {
        Document doc = parse(original);
        Element root = doc.getDocumentElement();
        boolean r2 = "ichicsr".equals(root.getLocalName());
        List<Element> records = new ArrayList<>();
        if ("PORR_IN049016UV".equals(root.getLocalName())) {
            records.add(root);
        } else {
            for (Element e : children(root)) {
                if (e.getLocalName().equals(r2 ? "safetyreport" : "PORR_IN049016UV")) {
                    records.add(e);
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);
        int k = Math.min(records.size(), 1 + rnd.nextInt(3));
        String idName = r2 ? "safetyreportid" : "C.1.1";
        TreeSet<Integer> damaged = new TreeSet<>();
        List<String> done = new ArrayList<>();
        boolean oneLine = false;
        switch (f) {
            case COLUMNS_SHUFFLED -> {
                for (Element r : records) {
                    shuffle(r, rnd);
                }
                done.add("sibling elements of every record reordered (same-named siblings keep their order)");
            }
            case REQUIRED_COLUMN_DELETED -> {
                for (int i : order.subList(0, k)) {
                    for (Element id : ids(records.get(i), r2)) {
                        id.getParentNode().removeChild(id);
                    }
                    damaged.add(i + 1);
                }
                done.add(idName + " deleted from records " + damaged);
            }
            case FIELD_DELETED -> {
                for (int i : order.subList(0, k)) {
                    List<Element> leaves = leaves(records.get(i));
                    leaves.removeAll(ids(records.get(i), r2));
                    Element gone = leaves.get(rnd.nextInt(leaves.size()));
                    gone.getParentNode().removeChild(gone);
                    damaged.add(i + 1);
                    done.add((i + 1) + ":" + gone.getLocalName());
                }
                done.add(0, "elements deleted");
            }
            case GIANT_FIELD, GIANT_LINE -> {
                Element r = records.get(order.get(0));
                List<Element> leaves = leaves(r);
                leaves.removeIf(e -> e.getTextContent().isBlank());
                if (f == Fault.GIANT_FIELD) { // in a field the report publishes: a drug name, a reaction
                    leaves.removeIf(e -> !e.getLocalName().equals("medicinalproduct")
                            && !e.getLocalName().equals("reactionmeddrapt"));
                }
                Element e = leaves.get(rnd.nextInt(leaves.size()));
                e.setTextContent(Corpus.MARKER);
                oneLine = f == Fault.GIANT_LINE;
                if (oneLine) {
                    dropBlankText(root);
                }
                done.add("record " + (order.get(0) + 1) + " element " + e.getLocalName() + " holds "
                        + (f.giantBytes() >> 20) + " MB" + (oneLine ? ", the file on one line" : ""));
            }
            default -> throw new IllegalArgumentException(f + " is not a structural XML fault");
        }
        return new Edit(write(doc), new ArrayList<>(damaged), idName, String.join(" ", done),
                damaged.isEmpty() ? 1 : damaged.size());
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("sample does not parse: " + e.getMessage(), e);
        }
    }

    private static byte[] write(Document doc) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Element> leaves(Element e) {
        List<Element> out = new ArrayList<>();
        NodeList all = e.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element c = (Element) all.item(i);
            if (children(c).isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    /** R2: the safetyreportid; R3: the C.1.1 and C.1.8.1 id elements. */
    private static List<Element> ids(Element record, boolean r2) {
        List<Element> out = new ArrayList<>();
        for (Element e : leaves(record)) {
            if (r2 ? e.getLocalName().equals("safetyreportid")
                    : e.getLocalName().equals("id") && (ROOT_C11.equals(e.getAttribute("root"))
                            || ROOT_C181.equals(e.getAttribute("root")))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Reorders the child elements of every element below {@code e}, keeping elements of one name in
     * their order (two primary sources, the drugs of a report: there order means something).
     */
    private static void shuffle(Element e, Random rnd) {
        List<Element> kids = children(e);
        if (kids.size() > 1) {
            Map<String, List<Element>> byName = new LinkedHashMap<>();
            List<String> slots = new ArrayList<>();
            for (Element k : kids) {
                byName.computeIfAbsent(k.getNamespaceURI() + " " + k.getLocalName(), x -> new ArrayList<>()).add(k);
                slots.add(k.getNamespaceURI() + " " + k.getLocalName());
            }
            Collections.shuffle(slots, rnd);
            Map<String, Integer> next = new HashMap<>();
            for (Element k : kids) {
                e.removeChild(k);
            }
            for (String s : slots) {
                int i = next.merge(s, 1, Integer::sum) - 1;
                e.appendChild(byName.get(s).get(i));
            }
        }
        for (Element k : kids) {
            shuffle(k, rnd);
        }
    }

    private static void dropBlankText(Node n) {
        for (Node c = n.getFirstChild(); c != null; ) {
            Node next = c.getNextSibling();
            if (c.getNodeType() == Node.TEXT_NODE && c.getNodeValue().isBlank()) {
                n.removeChild(c);
            } else if (c.getNodeType() == Node.COMMENT_NODE) {
                n.removeChild(c);
            } else {
                dropBlankText(c);
            }
            c = next;
        }
    }
}
