package io.jcoro.agent.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A jar with known defects, to show the verifier check detects what it claims to: {@code control.Broken}
 * returns an int where its descriptor promises an Object (a VerifyError once linked), and
 * {@code control.Orphan} extends a class that exists nowhere (a NoClassDefFoundError with or without
 * the transformation).
 */
final class ControlJar {
    static final String BROKEN = "control/Broken";
    static final String BROKEN_METHOD = BROKEN + ".m()Ljava/lang/Object;";
    static final String ORPHAN = "control.Orphan";

    private ControlJar() {}

    static Path write(Path dir) throws IOException {
        Path jar = dir.resolve("control.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            add(jarOut, BROKEN, broken());
            add(jarOut, "control/Orphan", orphan());
        }
        return jar;
    }

    private static void add(JarOutputStream jar, String internalName, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(internalName + ".class"));
        jar.write(bytes);
        jar.closeEntry();
    }

    private static byte[] broken() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, BROKEN, null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", "()Ljava/lang/Object;", null, null);
        m.visitCode();
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false); // a suspension point
        m.visitInsn(Opcodes.POP2);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.ARETURN); // an int is not an Object
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static byte[] orphan() {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "control/Orphan", null, "control/missing/Absent", null);
        cw.visitEnd();
        return cw.toByteArray();
    }
}
