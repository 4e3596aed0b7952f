package io.jcoro.agent.tooling;

import io.jcoro.agent.AgentOptions;
import io.jcoro.agent.JcoroTransformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads the classes of some packages itself (child first), passing them through the agent's
 * transformer as the JVM would with the agent installed; everything else comes from the parent.
 * Its own class path entry ({@code extraRoot}) can carry resources such as
 * {@code META-INF/jcoro/suspendables}.
 */
public final class TransformingLoader extends URLClassLoader {
    private final String[] packages;
    private final JcoroTransformer transformer = new JcoroTransformer(AgentOptions.parse(null));

    public TransformingLoader(Path extraRoot, String... packages) {
        super(new URL[] {url(extraRoot)}, TransformingLoader.class.getClassLoader());
        this.packages = packages;
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isOwn(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private boolean isOwn(String name) {
        for (String p : packages) {
            if (name.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        String internal = name.replace('.', '/');
        byte[] bytes;
        try (InputStream in = getParent().getResourceAsStream(internal + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] transformed = transformer.transform(this, internal, null, null, bytes);
        byte[] b = transformed == null ? bytes : transformed;
        return defineClass(name, b, 0, b.length);
    }
}
