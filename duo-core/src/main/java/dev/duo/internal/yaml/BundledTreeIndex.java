package dev.duo.internal.yaml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A build-time index of a bundled YAML file: its {@link BundledYaml} tree in a plain binary form,
 * written beside it as {@code <file>.tree} when duo-core is built ({@code process-classes}, through
 * {@link #main}). Reading it takes a few JDK classes where SnakeYAML takes about a hundred and most of
 * {@code duo features list}'s YAML time. The index carries the CRC-32 and length of the YAML it was
 * made from, so an index that does not match the file beside it (a build that skipped the step, an
 * edited resource) is ignored and the YAML is parsed.
 *
 * <pre>{@code
 * java -cp target/classes dev.duo.internal.yaml.BundledTreeIndex target/classes dev/duo/model/families.yml
 * }</pre>
 */
public final class BundledTreeIndex {

    /** What an index file's name adds to its YAML file's. */
    public static final String SUFFIX = ".tree";
    private static final int MAGIC = 0x44545231; // "DTR1"
    private static final byte MAP = 'M';
    private static final byte LIST = 'L';
    private static final byte TEXT = 'S';
    private static final byte NULL = 'N';
    private static final byte INT = 'I';
    private static final byte LONG = 'J';
    private static final byte DOUBLE = 'D';
    private static final byte BOOLEAN = 'Z';

    private BundledTreeIndex() {
    }

    /** Writes {@code <file>.tree} for each YAML file (paths relative to the first argument, the classes folder). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path yaml = root.resolve(args[i]);
            byte[] bytes = Files.readAllBytes(yaml);
            Map<String, Object> tree = BundledYaml.read(new ByteArrayInputStream(bytes), args[i]);
            Files.write(yaml.resolveSibling(yaml.getFileName() + SUFFIX), encode(bytes, tree));
        }
    }

    /** The index of {@code tree}, parsed from {@code yaml}. */
    static byte[] encode(byte[] yaml, Map<String, Object> tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(crc(yaml));
            out.writeInt(yaml.length);
            write(out, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The tree in {@code index}, or null when the index was not made from these very {@code yaml} bytes. */
    static Map<String, Object> decode(byte[] yaml, byte[] index) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(index))) {
            if (in.readInt() != MAGIC || in.readLong() != crc(yaml) || in.readInt() != yaml.length) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) read(in);
            if (in.read() != -1) {
                return null;
            }
            return tree;
        } catch (IOException | ClassCastException | IllegalStateException e) {
            return null; // a damaged index: parse the YAML
        }
    }

    private static long crc(byte[] yaml) {
        CRC32 crc = new CRC32();
        crc.update(yaml);
        return crc.getValue();
    }

    /**
     * Writes a tree value: text, null, lists and string-keyed maps (what {@link BundledYaml} makes), and also
     * Integer, Long, Double and Boolean (what other indexes of bound values hold).
     */
    public static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte(TEXT);
            out.writeInt(b.length);
            out.write(b);
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                write(out, o);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, (String) e.getKey());
                write(out, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("not a BundledYaml tree value: " + value.getClass());
        }
    }

    /**
     * Reads a value {@link #write} wrote.
     *
     * @throws IllegalStateException when the bytes are not such a value
     */
    public static Object read(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case NULL:
                return null;
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case TEXT:
                return new String(in.readNBytes(length(in)), StandardCharsets.UTF_8);
            case LIST: {
                int n = length(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case MAP: {
                int n = length(in);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put((String) read(in), read(in));
                }
                return map;
            }
            default:
                throw new IllegalStateException("damaged index: kind " + kind);
        }
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalStateException("damaged index: length " + n);
        }
        return n;
    }
}
