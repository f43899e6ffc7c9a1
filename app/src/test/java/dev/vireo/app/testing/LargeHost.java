package dev.vireo.app.testing;

import dev.vireo.bridge.model.Xml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Writes a libvirt test-driver host with many domains (half running), built with DOM. */
public final class LargeHost {

    private static final String TEST_NS = "http://libvirt.org/schemas/domain/test/1.0";

    private LargeHost() {
    }

    public static Path write(Path dir, int domains) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element node = doc.createElement("node");
            doc.appendChild(node);
            Element cpu = Xml.append(node, "cpu", null);
            Xml.append(cpu, "nodes", "1");
            Xml.append(cpu, "sockets", "1");
            Xml.append(cpu, "cores", "8");
            Xml.append(cpu, "threads", "2");
            Xml.append(node, "memory", "67108864");
            for (int i = 0; i < domains; i++) {
                Element d = Xml.append(node, "domain", null);
                d.setAttribute("type", "test");
                d.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:test", TEST_NS);
                Xml.append(d, "name", String.format("lab-vm-%05d", i));
                Xml.append(d, "uuid", new UUID(0x5ca1eL, i).toString());
                Element memory = Xml.append(d, "memory", "2097152");
                memory.setAttribute("unit", "KiB");
                Xml.append(d, "vcpu", "2");
                Element os = Xml.append(d, "os", null);
                Xml.append(os, "type", "hvm").setAttribute("arch", "x86_64");
                Element runstate = doc.createElementNS(TEST_NS, "test:runstate");
                runstate.setTextContent(i % 2 == 0 ? "1" : "5");
                d.appendChild(runstate);
            }
            Path file = dir.resolve("large-" + domains + ".xml");
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new DOMSource(doc), new StreamResult(Files.newOutputStream(file)));
            return file;
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
