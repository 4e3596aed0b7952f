package io.jcoro.agent.fuzz;

import io.jcoro.weaver.hierarchy.DeclarationFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Defines compiled programs from memory, optionally passing every class through a
 * {@link ClassFileTransformer} first, the way the JVM would with the agent installed. Class bytes are
 * also served as resources, because the transformer reads the classes a class refers to (to learn
 * which methods are suspendable) through its loader's resources. Optionally the loader also has a
 * {@value DeclarationFiles#RESOURCE} file of its own, which the transformer reads as it reads any
 * loader's ({@code getResources}), and which only this loader's classes see.
 */
public final class ProgramLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;
    private final ClassFileTransformer transformer;
    private final URL declarations;
    private final Map<String, byte[]> defined = new ConcurrentHashMap<>();

    /** @param transformer null for plain loading */
    public ProgramLoader(ClassLoader parent, Map<String, byte[]> classes, ClassFileTransformer transformer) {
        this(parent, classes, transformer, null);
    }

    /**
     * @param transformer null for plain loading
     * @param declarations the loader's own {@value DeclarationFiles#RESOURCE} file, or null for none
     */
    ProgramLoader(ClassLoader parent, Map<String, byte[]> classes, ClassFileTransformer transformer, URL declarations) {
        super(parent);
        this.classes = classes;
        this.transformer = transformer;
        this.declarations = declarations;
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
    protected URL findResource(String name) {
        return declarations != null && name.equals(DeclarationFiles.RESOURCE) ? declarations : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(url));
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
