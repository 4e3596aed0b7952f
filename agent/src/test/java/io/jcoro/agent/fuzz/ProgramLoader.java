package io.jcoro.agent.fuzz;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Defines compiled programs from memory, optionally passing every class through a
 * {@link ClassFileTransformer} first, the way the JVM would with the agent installed. Class bytes are
 * also served as resources, because the transformer reads the classes a class refers to (to learn
 * which methods are suspendable) through its loader's resources.
 */
final class ProgramLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;
    private final ClassFileTransformer transformer;
    private final Map<String, byte[]> defined = new ConcurrentHashMap<>();

    /** @param transformer null for plain loading */
    ProgramLoader(ClassLoader parent, Map<String, byte[]> classes, ClassFileTransformer transformer) {
        super(parent);
        this.classes = classes;
        this.transformer = transformer;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        if (transformer != null) {
            try {
                byte[] transformed = transformer.transform(this, name.replace('.', '/'), null, null, bytes);
                if (transformed != null) {
                    bytes = transformed;
                }
            } catch (IllegalClassFormatException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
        defined.put(name, bytes);
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** The bytes a class was defined from (transformed or not), or null if it was not loaded. */
    byte[] definedBytes(String name) {
        return defined.get(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] bytes = classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }
}
