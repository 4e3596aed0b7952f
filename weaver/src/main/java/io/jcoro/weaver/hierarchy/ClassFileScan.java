package io.jcoro.weaver.hierarchy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a class file's constant pool and header, without ASM and without building any tree:
 * whether the file names {@code io/jcoro/} anywhere, its name, superclass, interfaces and access flags,
 * and the constant-pool indexes of its method references and {@code invokedynamic} entries (decoded on
 * request). It is what the agent's quick scan and the light class infos of the hierarchy are made from.
 * A malformed file throws an unchecked exception (the caller falls back to the full path).
 */
public final class ClassFileScan {
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int FLOAT = 4;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int FIELDREF = 9;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int DYNAMIC = 17;
    private static final int INVOKE_DYNAMIC = 18;
    private static final int MODULE = 19;
    private static final int PACKAGE = 20;

    /** How far past the bytes it needs {@link #readHeader} reads in one go. */
    private static final int READ_AHEAD = 512;

    private final byte[] b;
    /** Offset of each entry's first byte after its tag; 0 for the unusable slot after a long or double. */
    private final int[] offsets;
    private final int[] methodRefs;
    private final int methodRefCount;
    private final int[] indys;
    private final int indyCount;
    private final boolean mentionsJcoro;
    private final int access;
    private final String name;
    private final String superName;
    private final String[] interfaces;

    private ClassFileScan(byte[] b) {
        this.b = b;
        int count = u2(8);
        offsets = new int[count];
        int[] refs = new int[16];
        int nRefs = 0;
        int[] dyn = new int[4];
        int nDyn = 0;
        boolean jcoro = false;
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[p] & 0xff;
            offsets[i] = p + 1;
            switch (tag) {
                case UTF8: {
                    int len = u2(p + 1);
                    if (!jcoro && len >= 9 && containsJcoro(p + 3, p + 3 + len)) {
                        jcoro = true;
                    }
                    p += 3 + len;
                    break;
                }
                case CLASS: case STRING: case METHOD_TYPE: case MODULE: case PACKAGE:
                    p += 3;
                    break;
                case METHOD_HANDLE:
                    p += 4;
                    break;
                case METHODREF: case INTERFACE_METHODREF:
                    if (nRefs == refs.length) {
                        refs = java.util.Arrays.copyOf(refs, nRefs * 2);
                    }
                    refs[nRefs++] = i;
                    p += 5;
                    break;
                case INVOKE_DYNAMIC:
                    if (nDyn == dyn.length) {
                        dyn = java.util.Arrays.copyOf(dyn, nDyn * 2);
                    }
                    dyn[nDyn++] = i;
                    p += 5;
                    break;
                case INTEGER: case FLOAT: case FIELDREF: case NAME_AND_TYPE: case DYNAMIC:
                    p += 5;
                    break;
                case LONG: case DOUBLE:
                    p += 9;
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("constant pool tag " + tag + " at offset " + p);
            }
        }
        methodRefs = refs;
        methodRefCount = nRefs;
        indys = dyn;
        indyCount = nDyn;
        mentionsJcoro = jcoro;
        access = u2(p);
        name = classAt(u2(p + 2));
        int superIndex = u2(p + 4);
        superName = superIndex == 0 ? null : classAt(superIndex);
        int n = u2(p + 6);
        interfaces = new String[n];
        for (int k = 0; k < n; k++) {
            interfaces[k] = classAt(u2(p + 8 + 2 * k));
        }
    }

    /**
     * Reads from {@code in} only the part of a class file this scan looks at: up to the end of its
     * interfaces (magic, versions, constant pool, access, this and super class, interfaces), and the few
     * bytes past it that the last read brought. From a compressed jar entry this inflates only that part,
     * about two thirds of a class file; the methods and their code are not read. A stream that ends
     * before the header does gives what it had (a scan of it then throws, as for any malformed file).
     * The result, like a whole file, is what {@link #of} takes; {@link #mentionsJcoro()}, the name, the
     * supertypes and the access flags come out the same as from the whole file.
     */
    public static byte[] readHeader(InputStream in) throws IOException {
        byte[] b = new byte[1024];
        int n = fill(in, b, 0, 10);
        if (n < 10) {
            return java.util.Arrays.copyOf(b, n);
        }
        int count = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
        int p = 10;
        for (int i = 1; i < count; i++) {
            // p is the next entry's tag; make sure its fixed part (up to 9 bytes) is in hand
            if (n < p + 9) {
                b = grow(b, p + 9);
                n = fill(in, b, n, p + 9);
                if (n < p + 3) {
                    return java.util.Arrays.copyOf(b, n);
                }
            }
            int tag = b[p] & 0xff;
            switch (tag) {
                case UTF8:
                    p += 3 + (((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff));
                    break;
                case CLASS: case STRING: case METHOD_TYPE: case MODULE: case PACKAGE:
                    p += 3;
                    break;
                case METHOD_HANDLE:
                    p += 4;
                    break;
                case LONG: case DOUBLE:
                    p += 9;
                    i++;
                    break;
                default:
                    p += 5; // an unknown tag is the scan's to reject, from the bytes read so far
                    break;
            }
        }
        // access, this, super, interfaces count, then the interfaces
        if (n < p + 8) {
            b = grow(b, p + 8);
            n = fill(in, b, n, p + 8);
            if (n < p + 8) {
                return java.util.Arrays.copyOf(b, n);
            }
        }
        int end = p + 8 + 2 * (((b[p + 6] & 0xff) << 8) | (b[p + 7] & 0xff));
        if (n < end) {
            b = grow(b, end);
            n = fill(in, b, n, end);
        }
        return java.util.Arrays.copyOf(b, Math.min(n, end));
    }

    /** b, or a copy of it with room for at least {@code needed} bytes and some more to read ahead. */
    private static byte[] grow(byte[] b, int needed) {
        return needed <= b.length ? b : java.util.Arrays.copyOf(b, Math.max(needed, b.length * 2));
    }

    /**
     * Reads into b[n..] until at least {@code needed} bytes are in or the stream ends, in reads of at
     * most {@value #READ_AHEAD} bytes past what is needed (an inflating stream inflates what it is asked
     * for); returns the count in b.
     */
    private static int fill(InputStream in, byte[] b, int n, int needed) throws IOException {
        while (n < needed) {
            int r = in.read(b, n, Math.min(b.length - n, needed - n + READ_AHEAD));
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    public static ClassFileScan of(byte[] classFile) {
        return new ClassFileScan(classFile);
    }

    /** Whether some constant-pool string (a class, descriptor, annotation type, ...) contains {@code io/jcoro/}. */
    public boolean mentionsJcoro() {
        return mentionsJcoro;
    }

    /** Whether the constant pool holds the string {@code ascii} (ASCII only) as a UTF8 entry of its own. */
    public boolean hasUtf8(String ascii) {
        int n = ascii.length();
        outer:
        for (int i = 1; i < offsets.length; i++) {
            int p = offsets[i];
            if (p == 0 || (b[p - 1] & 0xff) != UTF8 || u2(p) != n) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                if (b[p + 2 + k] != (byte) ascii.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Whether the class names jcoro in a way that says something: {@link #mentionsJcoro()}, for a class
     * outside {@code io/jcoro/}. A class under {@code io/jcoro/} (jcoro's own examples, benchmarks and
     * tests) names it by its own name, whatever it does; for those this says false, and the callers fall
     * back to what they do for any class (the full answer, only slower).
     */
    public boolean namesJcoro() {
        return mentionsJcoro && !name.startsWith("io/jcoro/");
    }

    public int access() {
        return access;
    }

    public String name() {
        return name;
    }

    /** Null for java/lang/Object and module-info. */
    public String superName() {
        return superName;
    }

    public String[] interfaces() {
        return interfaces.clone();
    }

    /** The {@code Methodref} and {@code InterfaceMethodref} entries, as {owner, name, descriptor}. */
    public List<String[]> methodRefs() {
        List<String[]> result = new ArrayList<>(methodRefCount);
        for (int k = 0; k < methodRefCount; k++) {
            int off = offsets[methodRefs[k]];
            int nat = offsets[u2(off + 2)];
            result.add(new String[] {classAt(u2(off)), utf8At(u2(nat)), utf8At(u2(nat + 2))});
        }
        return result;
    }

    /**
     * The owners of the {@code Methodref} and {@code InterfaceMethodref} entries that name a method other
     * than a constructor or static initializer, each once, in the order of their first entry; array
     * owners are left out, and so are platform owners ({@link ClassHierarchy#isPlatform}) unless
     * {@code withPlatform}. What {@link #methodRefs()} gives, less what the caller would skip, without
     * decoding a name or a descriptor it would not look at.
     */
    public List<String> methodRefOwners(boolean withPlatform) {
        List<String> result = new ArrayList<>(Math.min(methodRefCount, 16));
        int[] done = new int[Math.min(methodRefCount, 16)]; // Class entry indexes already taken or skipped
        int nDone = 0;
        refs:
        for (int k = 0; k < methodRefCount; k++) {
            int off = offsets[methodRefs[k]];
            int classIndex = u2(off);
            for (int d = 0; d < nDone; d++) {
                if (done[d] == classIndex) {
                    continue refs;
                }
            }
            int methodName = offsets[u2(offsets[u2(off + 2)])]; // NameAndType's name: length, then bytes
            if (u2(methodName) > 0 && b[methodName + 2] == '<') {
                continue; // <init> or <clinit>: this entry says nothing about its class, another may
            }
            if (nDone == done.length) {
                done = java.util.Arrays.copyOf(done, nDone * 2);
            }
            done[nDone++] = classIndex;
            int owner = offsets[u2(offsets[classIndex])];
            if ((u2(owner) > 0 && b[owner + 2] == '[') || (!withPlatform && isPlatformName(owner + 2, u2(owner)))) {
                continue;
            }
            result.add(utf8At(u2(offsets[classIndex])));
        }
        return result;
    }

    /** {@link ClassHierarchy#isPlatform} of the name in b[start, start + len). */
    private boolean isPlatformName(int start, int len) {
        for (String prefix : ClassHierarchy.PLATFORM_PREFIXES) {
            if (startsWith(start, len, prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWith(int start, int len, String prefix) {
        int n = prefix.length();
        if (len < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[start + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The descriptors of the {@code invokedynamic} entries (the call site's type). */
    public List<String> invokeDynamicDescriptors() {
        List<String> result = new ArrayList<>(indyCount);
        for (int k = 0; k < indyCount; k++) {
            int nat = offsets[u2(offsets[indys[k]] + 2)];
            result.add(utf8At(u2(nat + 2)));
        }
        return result;
    }

    /** "io/jcoro/", the needle of {@link #containsJcoro}. */
    private static final byte[] JCORO = {'i', 'o', '/', 'j', 'c', 'o', 'r', 'o', '/'};
    /**
     * Horspool's shift for each byte value: how far the needle may move when this byte is under its
     * last position and the window does not match (9 for a byte the needle does not have before its end).
     */
    private static final byte[] SHIFT = new byte[256];

    static {
        java.util.Arrays.fill(SHIFT, (byte) JCORO.length);
        for (int k = 0; k < JCORO.length - 1; k++) {
            SHIFT[JCORO[k] & 0xff] = (byte) (JCORO.length - 1 - k);
        }
    }

    /**
     * Whether b[from, to) contains {@code io/jcoro/}: Horspool's search, which looks at about one byte in
     * six of a class file's names and descriptors instead of every one.
     */
    private boolean containsJcoro(int from, int to) {
        int last = JCORO.length - 1;
        for (int i = from + last; i < to; i += SHIFT[b[i] & 0xff]) {
            if (b[i] == '/' && b[i - 1] == 'o' && b[i - 2] == 'r' && b[i - 3] == 'o' && b[i - 4] == 'c'
                    && b[i - 5] == 'j' && b[i - 6] == '/' && b[i - 7] == 'o' && b[i - 8] == 'i') {
                return true;
            }
        }
        return false;
    }

    private String classAt(int index) {
        return utf8At(u2(offsets[index]));
    }

    private String utf8At(int index) {
        int off = offsets[index];
        int len = u2(off);
        int start = off + 2;
        for (int i = start, end = start + len; i < end; i++) {
            if (b[i] <= 0) {
                return decodeModifiedUtf8(start, len);
            }
        }
        return new String(b, start, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * A string that is not plain ASCII, in modified UTF-8 (JVMS 4.4.7): 1, 2 or 3 bytes a char, NUL as two
     * bytes. A method of its own, rarely run, so that the JIT does not compile it into every caller of
     * {@link #utf8At} (this class's loops are compiled while a program starts).
     */
    private String decodeModifiedUtf8(int start, int len) {
        char[] chars = new char[len];
        int n = 0;
        for (int i = start, end = start + len; i < end; ) {
            int c = b[i++] & 0xff;
            if (c < 0x80) {
                chars[n++] = (char) c;
            } else if ((c & 0xe0) == 0xc0) {
                chars[n++] = (char) (((c & 0x1f) << 6) | (b[i++] & 0x3f));
            } else {
                chars[n++] = (char) (((c & 0x0f) << 12) | ((b[i++] & 0x3f) << 6) | (b[i++] & 0x3f));
            }
        }
        return new String(chars, 0, n);
    }

    private int u2(int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
