package dev.poststack.changelog;

import dev.poststack.text.Suggestions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads an XML changelog with the JDK's SAX parser; its {@link Locator} gives each element's line and column.
 * Only the root, its direct children and the change types inside changesets matter here.
 */
final class XmlChangelogReader {

    static final String NAMESPACE = "http://www.liquibase.org/xml/ns/dbchangelog";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private XmlChangelogReader() {
    }

    /** Reads {@code file}; malformed XML leaves no entries (Liquibase reads none). */
    static ParsedChangelog read(Path file, Problems problems) {
        Handler handler = new Handler(file, problems);
        try {
            parser().parse(file.toFile(), handler);
            return new ParsedChangelog(handler.entries, Optional.ofNullable(handler.logicalFilePath));
        } catch (SAXParseException e) {
            problems.add(file, Mark.of(e.getLineNumber(), e.getColumnNumber()), "XML syntax error: " + e.getMessage(),
                    "check the markup on this line and the one before it");
        } catch (SAXException | ParserConfigurationException | IOException e) {
            problems.add(file, Mark.START, "cannot read the XML changelog: " + e.getMessage(),
                    "check that it is a readable, well-formed XML file");
        }
        return ParsedChangelog.UNREADABLE;
    }

    private static SAXParser parser() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        // A changelog needs no external entities or DTDs: never fetch or expand them.
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newSAXParser();
    }

    private static final class Handler extends DefaultHandler {

        private final Path file;
        private final Problems problems;
        private final List<ChangelogEntry> entries = new ArrayList<>();
        private String logicalFilePath;
        private Locator locator;
        private int depth;
        private boolean rootIsChangelog;
        /** The changeset whose element is open, and the {@code sqlFile} paths found in it so far. */
        private ChangelogEntry.Declared changeSet;
        private List<ChangelogEntry.SqlFile> sqlFiles = new ArrayList<>();

        Handler(Path file, Problems problems) {
            this.file = file;
            this.problems = problems;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            depth++;
            Mark at = locator == null ? Mark.START : Mark.of(locator.getLineNumber(), locator.getColumnNumber());
            if (depth == 1) {
                root(uri, localName, attributes, at);
            } else if (depth == 2 && rootIsChangelog) {
                child(localName, attributes, at);
            } else if (depth == 3 && changeSet != null) {
                change(localName, attributes, at);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (depth == 2 && changeSet != null) {
                entries.add(changeSet.withSqlFiles(sqlFiles));
                changeSet = null;
            }
            depth--;
        }

        private void root(String uri, String localName, Attributes attributes, Mark at) {
            if (!Entries.ROOT.equals(localName)) {
                problems.add(file, at, "the root element is `<" + localName + ">`; a changelog's is `<" + Entries.ROOT + ">`",
                        Suggestions.closest(localName, List.of(Entries.ROOT)).isPresent()
                                ? "did you mean `<" + Entries.ROOT + ">`?" : "wrap the changesets in `<" + Entries.ROOT + ">`");
                return;
            }
            rootIsChangelog = true;
            logicalFilePath = attributes.getValue("logicalFilePath");
            // Liquibase validates XML changelogs against the schema these name, and stops without them.
            if (!NAMESPACE.equals(uri) || attributes.getValue(XSI, "schemaLocation") == null) {
                problems.add(file, at, "`<" + Entries.ROOT + ">` needs the Liquibase namespace and schema location;"
                                + " without them Liquibase stops with \"Cannot find the declaration of element\"",
                        "write <databaseChangeLog xmlns=\"" + NAMESPACE + "\" xmlns:xsi=\"" + XSI + "\""
                                + " xsi:schemaLocation=\"" + NAMESPACE + " " + NAMESPACE + "/dbchangelog-latest.xsd\">");
            }
        }

        private void child(String localName, Attributes attributes, Mark at) {
            if (!Entries.ELEMENTS.contains(localName)) {
                Entries.reportUnknown(localName, Entries.ELEMENTS, at, file, problems);
                return;
            }
            // SAX has no positions for attributes: problems about them point at their element.
            Map<String, Entries.Value> values = new HashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                values.put(attributes.getLocalName(i), new Entries.Value(attributes.getValue(i), at));
            }
            Optional<ChangelogEntry> entry = Entries.of(localName, values, at, file, problems);
            if (entry.isPresent() && entry.get() instanceof ChangelogEntry.Declared declared) {
                // Kept until its end tag, which follows its changes.
                changeSet = declared;
                sqlFiles = new ArrayList<>();
            } else {
                entry.ifPresent(entries::add);
            }
        }

        /** A change inside a changeset ({@code <pro:createFunction>} is namespaced, so its local name counts). */
        private void change(String localName, Attributes attributes, Mark at) {
            ChangeTypes.check(localName, at, file, problems);
            String path = attributes.getValue("path");
            if (localName.equals("sqlFile") && path != null && !path.isBlank()) {
                sqlFiles.add(new ChangelogEntry.SqlFile(path,
                        "true".equalsIgnoreCase(attributes.getValue("relativeToChangelogFile"))));
            }
        }
    }
}
