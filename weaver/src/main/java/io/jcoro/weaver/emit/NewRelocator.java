package io.jcoro.weaver.emit;

import io.jcoro.weaver.analysis.Liveness;
import io.jcoro.weaver.analysis.MethodFlow;
import io.jcoro.weaver.analysis.UninitializedValue;
import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Handles {@code new Foo(await(p))}: an object allocated by {@code NEW} but not yet constructed is on
 * the operand stack at a suspension point, and such a value can be neither stored nor restored. javac
 * compiles it as {@code NEW Foo; DUP; <args>; INVOKESPECIAL Foo.<init>}; this pass removes the
 * {@code NEW; DUP} and re-emits them just before the constructor call, after the arguments have been
 * computed and parked in fresh locals (the approach of Javaflow and tascalate). So that class
 * {@code Foo} is still initialized before the arguments are evaluated, as in the original, the first
 * {@code NEW} stays where it was and its never-constructed object is dropped at once ({@code NEW; POP}
 * is legal: an uninitialized reference may be discarded); JDK classes skip that. Shapes other than
 * javac's are refused with a reason.
 */
public final class NewRelocator {
    private NewRelocator() {}

    /** Returns whether anything was relocated (the caller then analyzes the method again). */
    public static boolean relocate(MethodNode method, MethodFlow flow, LocalSlots locals, List<MethodInsnNode> sites,
            String where) throws TransformException {
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (MethodInsnNode site : sites) {
            Frame<BasicValue> f = flow.frameAt(site);
            for (int i = 0; i < f.getLocals(); i++) {
                if (f.getLocal(i) instanceof UninitializedValue) {
                    news.add(((UninitializedValue) f.getLocal(i)).newInsn); // javac's switch-expression spill
                }
            }
            for (int i = 0; i < f.getStackSize(); i++) {
                BasicValue v = f.getStack(i);
                if (v instanceof UninitializedValue) {
                    news.add(((UninitializedValue) v).newInsn);
                }
            }
        }
        // Every relocation is found before any is made: flow's frames are indexed by the unmodified code.
        List<Relocation> relocations = new ArrayList<>();
        for (AbstractInsnNode newInsn : news) {
            relocations.add(find(method, flow, (TypeInsnNode) newInsn, where));
        }
        for (Relocation r : relocations) {
            apply(method, locals, r);
        }
        return !relocations.isEmpty();
    }

    /**
     * A {@code NEW; DUP} pair, the constructor call that initializes the object, and the loads and stores
     * that move the two references through locals in between (see {@link #spillMoves}).
     */
    private record Relocation(TypeInsnNode newInsn, AbstractInsnNode dup, MethodInsnNode init,
                              List<AbstractInsnNode> spillMoves) {}

    private static Relocation find(MethodNode method, MethodFlow flow, TypeInsnNode newInsn, String where)
            throws TransformException {
        int line = Bytecode.lineOf(newInsn);
        AbstractInsnNode dup = Bytecode.nextOpcode(newInsn);
        if (dup == null || dup.getOpcode() != Opcodes.DUP) {
            throw new TransformException("in " + where + " line " + line + ", `new " + newInsn.desc.replace('/', '.')
                    + "` is live across a suspending call but is not the NEW; DUP shape javac emits");
        }
        MethodInsnNode init = findConstructorCall(method, flow, newInsn, where, line);
        return new Relocation(newInsn, dup, init, spillMoves(method, flow, newInsn, init, where, line));
    }

    /**
     * When a constructor argument is a switch expression with a {@code try} in an arm, javac moves the
     * operand stack into locals before the switch and back where each arm ends: {@code NEW; DUP; ...;
     * ASTORE a; ASTORE b}, then {@code ALOAD b; ALOAD a} before each arm's value. Returns those stores
     * and loads (empty for the plain shape); relocation deletes them along with the {@code NEW; DUP}.
     * Refuses any other use of the locals, and locals still read after the constructor call.
     */
    private static List<AbstractInsnNode> spillMoves(MethodNode method, MethodFlow flow, TypeInsnNode newInsn,
                                                     MethodInsnNode init, String where, int line)
            throws TransformException {
        List<AbstractInsnNode> moves = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<AbstractInsnNode> loads = new ArrayList<>();
        AbstractInsnNode[] insns = method.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            Frame<BasicValue> f = flow.frames[i];
            if (f == null || !(insns[i] instanceof VarInsnNode)) {
                continue;
            }
            int var = ((VarInsnNode) insns[i]).var;
            if (insns[i].getOpcode() == Opcodes.ASTORE && isObjectOf(f.getStack(f.getStackSize() - 1), newInsn)) {
                moves.add(insns[i]);
                slots.add(var);
            } else if (insns[i].getOpcode() == Opcodes.ALOAD && isObjectOf(f.getLocal(var), newInsn)) {
                moves.add(insns[i]);
                loads.add(insns[i]);
            }
        }
        if (moves.isEmpty()) {
            return moves;
        }
        String shape = "in " + where + " line " + line + ", `new " + newInsn.desc.replace('/', '.')
                + "` moves through local variables in a way that is not javac's switch-expression shape";
        // the stores come first, together (javac stores the whole stack, top first; other values and
        // another spilled `new` may be stored before them)
        if (slots.size() != 2 || slots.get(0).equals(slots.get(1)) || moves.get(0).getOpcode() != Opcodes.ASTORE
                || Bytecode.nextOpcode(moves.get(0)) != moves.get(1) || loads.size() % 2 != 0) {
            throw new TransformException(shape);
        }
        for (int i = 0; i < loads.size(); i += 2) {
            VarInsnNode a = (VarInsnNode) loads.get(i);
            VarInsnNode b = (VarInsnNode) loads.get(i + 1);
            if (Bytecode.nextOpcode(a) != b || a.var == b.var) {
                throw new TransformException(shape);
            }
        }
        BitSet liveAfterInit = Liveness.compute(flow).liveBefore(method.instructions.indexOf(init) + 1);
        for (int slot : slots) {
            if (liveAfterInit.get(slot)) {
                throw new TransformException(shape);
            }
        }
        return moves;
    }

    private static boolean isObjectOf(BasicValue v, TypeInsnNode newInsn) {
        return v instanceof UninitializedValue && ((UninitializedValue) v).newInsn == newInsn;
    }

    private static void apply(MethodNode method, LocalSlots locals, Relocation r) {
        TypeInsnNode newInsn = r.newInsn();
        MethodInsnNode init = r.init();
        Type[] args = Type.getArgumentTypes(init.desc);
        int[] slots = new int[args.length];
        InsnList before = new InsnList();
        for (int i = args.length - 1; i >= 0; i--) {
            slots[i] = locals.newLocal(args[i]);
            before.add(Bytecode.store(args[i], slots[i]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
        before.add(new InsnNode(Opcodes.DUP));
        for (int i = 0; i < args.length; i++) {
            before.add(Bytecode.load(args[i], slots[i]));
        }
        method.instructions.insertBefore(init, before);
        for (AbstractInsnNode move : r.spillMoves()) {
            method.instructions.remove(move);
        }
        if (ClassHierarchy.isPlatform(newInsn.desc)) {
            method.instructions.remove(r.dup());
            method.instructions.remove(newInsn);
        } else {
            method.instructions.set(r.dup(), new InsnNode(Opcodes.POP)); // keeps Foo's initialization order
        }
    }

    private static MethodInsnNode findConstructorCall(MethodNode method, MethodFlow flow, TypeInsnNode newInsn,
                                                      String where, int line) throws TransformException {
        MethodInsnNode found = null;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !"<init>".equals(((MethodInsnNode) insn).name)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            Frame<BasicValue> f = flow.frameAt(call);
            if (f == null) {
                continue;
            }
            int receiver = f.getStackSize() - 1 - Type.getArgumentTypes(call.desc).length;
            BasicValue r = f.getStack(receiver);
            if (r instanceof UninitializedValue && ((UninitializedValue) r).newInsn == newInsn) {
                boolean dupBelow = receiver > 0 && r.equals(f.getStack(receiver - 1));
                if (found != null || !dupBelow) {
                    throw new TransformException("in " + where + " line " + line + ", the constructor call of `new "
                            + newInsn.desc.replace('/', '.') + "` is not in the shape javac emits");
                }
                found = call;
            }
        }
        if (found == null) {
            throw new TransformException("in " + where + " line " + line + ", `new " + newInsn.desc.replace('/', '.')
                    + "` has no constructor call");
        }
        return found;
    }
}
