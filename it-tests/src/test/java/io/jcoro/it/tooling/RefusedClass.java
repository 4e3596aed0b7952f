package io.jcoro.it.tooling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes {@code io.jcoro.examples.tooling.Refused}, a {@code SuspendableCallable} whose {@code call()}
 * keeps an uninitialized object on the operand stack across a suspending call in a shape javac never
 * emits ({@code NEW} without {@code DUP}, copied later by {@code SWAP; DUP_X1; SWAP}). The code is
 * valid, but the transformer refuses the method: a transformation error for the strict option.
 */
final class RefusedClass {
    static final String NAME = ToolingJvm.EXAMPLES + "Refused";

    private RefusedClass() {}

    /** Writes the class file under {@code root} (a class path directory) and returns {@code root}. */
    static Path writeTo(Path root) throws IOException {
        String internal = NAME.replace('.', '/');
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal, null,
                "java/lang/Object", new String[] {"io/jcoro/SuspendableCallable"});
        cw.visitSource("Refused.java", null);

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor call = cw.visitMethod(Opcodes.ACC_PUBLIC, "call", "()Ljava/lang/Object;", null, null);
        call.visitAnnotation("Lio/jcoro/Suspendable;", true).visitEnd();
        call.visitCode();
        Label start = new Label();
        call.visitLabel(start);
        call.visitLineNumber(5, start);
        call.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        call.visitIntInsn(Opcodes.BIPUSH, 16);
        call.visitMethodInsn(Opcodes.INVOKESTATIC, "io/jcoro/examples/support/Suspend", "i", "(I)I", false);
        call.visitInsn(Opcodes.SWAP);
        call.visitInsn(Opcodes.DUP_X1);
        call.visitInsn(Opcodes.SWAP);
        call.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(I)V", false);
        call.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        call.visitInsn(Opcodes.ARETURN);
        call.visitMaxs(0, 0);
        call.visitEnd();
        cw.visitEnd();

        Path file = root.resolve(internal + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
        return root;
    }
}
