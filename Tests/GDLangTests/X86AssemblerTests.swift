import Foundation
import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// The assembler's encodings, against bytes `objdump -M intel` decodes to the instructions named in the comments
/// (checked once by hand; the bytes here are that tool's reading, not the assembler's output).
@Suite struct X86AssemblerTests {
    @Test func instructionsEncodeAsTheManualsSay() {
        var a = X86Assembler()
        let top = a.makeLabel(), end = a.makeLabel()
        a.push(.r12)                                        // 41 54           push r12
        a.pop(.r15)                                         // 41 5f           pop r15
        a.push(.rbx)                                        // 53              push rbx
        a.move(.r15, .rsi)                                  // 49 89 f7        mov r15, rsi
        a.move(.rbx, .rdi)                                  // 48 89 fb        mov rbx, rdi
        a.load(.r12, .init(.r15, 8))                        // 4d 8b 67 08     mov r12, [r15+0x8]
        a.store(.init(.r15, 0x18), .r13)                    // 4d 89 6f 18     mov [r15+0x18], r13
        a.load(.rcx, .init(.r15, 0x200))                    // 49 8b 8f …      mov rcx, [r15+0x200]
        a.bind(top)
        a.load(15, .file(16))                               // movsd xmm15, [rbx+0x80]
        a.store(.init(.rcx, index: .rax), 15)               // movsd [rcx+rax*8+0x0], xmm15
        a.store(.init(.rcx, index: .rax, 8), 3)             // movsd [rcx+rax*8+0x8], xmm3
        a.load(2, .init(.r12, 8))                           // movsd xmm2, [r12+0x8] (a SIB byte for r12)
        a.load(2, .init(.r13, 0))                           // movsd xmm2, [r13+0x0] (r13 needs a displacement)
        a.compare(14, .file(11))                            // ucomisd xmm14, [rbx+0x58]
        a.compare(1, .xmm(9))                               // ucomisd xmm1, xmm9
        a.absolute(0, scratch: 14)                          // pcmpeqd xmm14, xmm14; psrlq xmm14, 1; andpd xmm0, xmm14
        a.negate(9, scratch: 15)                            // pcmpeqd xmm15, xmm15; psllq xmm15, 63; xorpd xmm9, xmm15
        a.jump(if: .below, to: end)                         // jb end (forward)
        a.jump(if: .aboveOrEqual, to: top)                  // jae top (backward)
        a.compare(.r12, .init(.r15, 8))                     // cmp r12, [r15+0x8]
        a.test(.r13)                                        // test r13, r13
        a.and(.rcx, .init(.r15, 0x28))                      // and rcx, [r15+0x28]
        a.add(.rax, -1)                                     // add rax, -1
        a.add(.r12, 1)                                      // add r12, 1
        a.multiply(.rcx, .init(.r15, 0x30))                 // imul rcx, [r15+0x30]
        a.loadAddress(.rcx, .init(.rdx, index: .rcx))       // lea rcx, [rdx+rcx*8+0x0]
        a.loadAddress(.r13, .init(.rax, 1))                 // lea r13, [rax+0x1]
        a.move(.rax, UInt32(1))                             // mov eax, 1
        a.move(.r9, UInt32(7))                              // mov r9d, 7
        a.add(.rdx, .init(.rsp, 16))                        // add rdx, [rsp+0x10] (a SIB byte for rsp)
        a.jump(to: top)                                     // jmp top
        a.bind(end)
        a.returnFromCall()                                  // ret
        let expected: [UInt8] = [
            0x41, 0x54, 0x41, 0x5F, 0x53, 0x49, 0x89, 0xF7, 0x48, 0x89, 0xFB, 0x4D, 0x8B, 0x67, 0x08, 0x4D,
            0x89, 0x6F, 0x18, 0x49, 0x8B, 0x8F, 0x00, 0x02, 0x00, 0x00, 0xF2, 0x44, 0x0F, 0x10, 0xBB, 0x80,
            0x00, 0x00, 0x00, 0xF2, 0x44, 0x0F, 0x11, 0x7C, 0xC1, 0x00, 0xF2, 0x0F, 0x11, 0x5C, 0xC1, 0x08,
            0xF2, 0x41, 0x0F, 0x10, 0x54, 0x24, 0x08, 0xF2, 0x41, 0x0F, 0x10, 0x55, 0x00, 0x66, 0x44, 0x0F,
            0x2E, 0x73, 0x58, 0x66, 0x41, 0x0F, 0x2E, 0xC9, 0x66, 0x45, 0x0F, 0x76, 0xF6, 0x66, 0x41, 0x0F,
            0x73, 0xD6, 0x01, 0x66, 0x41, 0x0F, 0x54, 0xC6, 0x66, 0x45, 0x0F, 0x76, 0xFF, 0x66, 0x41, 0x0F,
            0x73, 0xF7, 0x3F, 0x66, 0x45, 0x0F, 0x57, 0xCF, 0x0F, 0x82, 0x3C, 0x00, 0x00, 0x00, 0x0F, 0x83,
            0xA6, 0xFF, 0xFF, 0xFF, 0x4D, 0x3B, 0x67, 0x08, 0x4D, 0x85, 0xED, 0x49, 0x23, 0x4F, 0x28, 0x48,
            0x83, 0xC0, 0xFF, 0x49, 0x83, 0xC4, 0x01, 0x49, 0x0F, 0xAF, 0x4F, 0x30, 0x48, 0x8D, 0x4C, 0xCA,
            0x00, 0x4C, 0x8D, 0x68, 0x01, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x41, 0xB9, 0x07, 0x00, 0x00, 0x00,
            0x48, 0x03, 0x54, 0x24, 0x10, 0xE9, 0x70, 0xFF, 0xFF, 0xFF, 0xC3,
        ]
        #expect(a.bytes == expected)
    }

    @Test func registerAndsEncodeAsGNUAsMakesThem() {
        // The bytes GNU as makes of the AT&T forms in the comments (objdump -d).
        var a = X86Assembler()
        a.and(.r15, .rax)                                   // 49 21 c7        and %rax,%r15
        a.and(.rcx, .rdx)                                   // 48 21 d1        and %rdx,%rcx
        a.and(.r12, .r9)                                    // 4d 21 cc        and %r9,%r12
        #expect(a.bytes == [0x49, 0x21, 0xC7, 0x48, 0x21, 0xD1, 0x4D, 0x21, 0xCC])
    }

    @Test func singlePrecisionInstructionsEncodeAsGNUAsMakesThem() {
        // The bytes GNU as makes of the AT&T forms in the comments (objdump -d).
        var a = X86Assembler()
        a.add(1, .xmm(3), single: true)                    // addss %xmm3,%xmm1           f3 0f 58 cb
        a.multiply(9, .xmm(12), single: true)              // mulss %xmm12,%xmm9          f3 45 0f 59 cc
        a.subtract(0, .xmm(2), single: true)               // subss %xmm2,%xmm0           f3 0f 5c c2
        a.divide(14, .xmm(1), single: true)                // divss %xmm1,%xmm14          f3 44 0f 5e f1
        a.squareRoot(5, .xmm(5), single: true)             // sqrtss %xmm5,%xmm5          f3 0f 51 ed
        a.convertToSingle(2, .file(3))                     // cvtsd2ss 0x18(%rbx),%xmm2   f2 0f 5a 53 18
        a.convertToDouble(9, 9)                            // cvtss2sd %xmm9,%xmm9        f3 45 0f 5a c9
        a.negate(4, scratch: 15, single: true)             // pcmpeqd %xmm15,%xmm15; pslld $31,%xmm15; xorpd %xmm15,%xmm4
        a.compare(3, .xmm(3), single: true)                // ucomiss %xmm3,%xmm3         0f 2e db
        a.compare(12, .xmm(9), single: true)               // ucomiss %xmm9,%xmm12        45 0f 2e e1
        a.fusedMultiplyAdd(0, 1, .xmm(2), single: true)    // vfmadd231ss %xmm2,%xmm1,%xmm0    c4 e2 71 b9 c2
        a.fusedMultiplySubtract(12, 9, .xmm(14), single: true) // vfmsub231ss %xmm14,%xmm9,%xmm12 c4 42 31 bb e6
        let expected: [UInt8] = [
            0xF3, 0x0F, 0x58, 0xCB, 0xF3, 0x45, 0x0F, 0x59, 0xCC, 0xF3, 0x0F, 0x5C, 0xC2, 0xF3, 0x44, 0x0F, 0x5E, 0xF1,
            0xF3, 0x0F, 0x51, 0xED, 0xF2, 0x0F, 0x5A, 0x53, 0x18, 0xF3, 0x45, 0x0F, 0x5A, 0xC9,
            0x66, 0x45, 0x0F, 0x76, 0xFF, 0x66, 0x41, 0x0F, 0x72, 0xF7, 0x1F, 0x66, 0x41, 0x0F, 0x57, 0xE7,
            0x0F, 0x2E, 0xDB, 0x45, 0x0F, 0x2E, 0xE1, 0xC4, 0xE2, 0x71, 0xB9, 0xC2, 0xC4, 0x42, 0x31, 0xBB, 0xE6,
        ]
        #expect(a.bytes == expected)
    }

    @Test func float32sOfTheFileAreReadAndWrittenAsFourBytes() {
        // The bytes GNU as makes of the AT&T forms in the comments (objdump -d).
        var a = X86Assembler()
        a.move(2, .singleFile(3))                          // movss 0x18(%rbx),%xmm2       f3 0f 10 53 18
        a.storeSingle(128, 9)                              // movss %xmm9,0x400(%rbx)      f3 44 0f 11 8b 00 04 00 00
        a.add(12, .singleFile(2), single: true)            // addss 0x10(%rbx),%xmm12      f3 44 0f 58 63 10
        a.fusedMultiplyAdd(0, 1, .singleFile(1), single: true) // vfmadd231ss 0x8(%rbx),%xmm1,%xmm0  c4 e2 71 b9 43 08
        a.convertToDouble(15, singleFile: 4)               // cvtss2sd 0x20(%rbx),%xmm15   f3 44 0f 5a 7b 20
        a.compare(2, .singleFile(3), single: true)         // ucomiss 0x18(%rbx),%xmm2     0f 2e 53 18
        a.compare(14, .singleFile(128), single: true)      // ucomiss 0x400(%rbx),%xmm14   44 0f 2e b3 00 04 00 00
        a.absolute(3, scratch: 14, single: true)           // pcmpeqd %xmm14,%xmm14; psrld $1,%xmm14; andpd %xmm14,%xmm3
        a.interleaveLowSingles(15, 14)                     // unpcklps %xmm14,%xmm15       45 0f 14 fe
        a.interleaveLowSingles(1, 3)                       // unpcklps %xmm3,%xmm1         0f 14 cb
        a.convertSinglePairToDoubles(15, 15)               // cvtps2pd %xmm15,%xmm15       45 0f 5a ff
        a.convertSinglePairToDoubles(1, 2)                 // cvtps2pd %xmm2,%xmm1         0f 5a ca
        a.storePair(.init(.rcx, 16), 15)                   // movupd %xmm15,0x10(%rcx)     66 44 0f 11 79 10
        a.storePair(.init(.rcx, 32), 1)                    // movupd %xmm1,0x20(%rcx)      66 0f 11 49 20
        let expected: [UInt8] = [
            0xF3, 0x0F, 0x10, 0x53, 0x18, 0xF3, 0x44, 0x0F, 0x11, 0x8B, 0x00, 0x04, 0x00, 0x00,
            0xF3, 0x44, 0x0F, 0x58, 0x63, 0x10, 0xC4, 0xE2, 0x71, 0xB9, 0x43, 0x08, 0xF3, 0x44, 0x0F, 0x5A, 0x7B, 0x20,
            0x0F, 0x2E, 0x53, 0x18, 0x44, 0x0F, 0x2E, 0xB3, 0x00, 0x04, 0x00, 0x00,
            0x66, 0x45, 0x0F, 0x76, 0xF6, 0x66, 0x41, 0x0F, 0x72, 0xD6, 0x01, 0x66, 0x41, 0x0F, 0x54, 0xDE,
            0x45, 0x0F, 0x14, 0xFE, 0x0F, 0x14, 0xCB, 0x45, 0x0F, 0x5A, 0xFF, 0x0F, 0x5A, 0xCA,
            0x66, 0x44, 0x0F, 0x11, 0x79, 0x10, 0x66, 0x0F, 0x11, 0x49, 0x20,
        ]
        #expect(a.bytes == expected)
    }

    @Test func float32LiteralsAreReadRelativeToTheInstructionPointer() throws {
        var a = X86Assembler()
        let half = a.literal(1.5), quarter = a.literal(2.25)
        #expect(a.literal(1.5) == half)                    // one literal per value
        a.move(0, half)                                    // movss xmm0, [rip + d]       f3 0f 10 05 d32
        a.add(0, quarter, single: true)                    // addss xmm0, [rip + d]       f3 0f 58 05 d32
        let fma = ProcessorFeatures.hasFMA
        if fma { a.fusedMultiplyAdd(0, 0, quarter, single: true) }  // vfmadd231ss xmm0, xmm0, [rip + d]: 3.75·2.25 + 3.75
        a.convertToDouble(0, 0)
        a.returnFromCall()
        let code = a.finished()
        #expect(Array(code.prefix(4)) == [0xF3, 0x0F, 0x10, 0x05] && Array(code[8..<12]) == [0xF3, 0x0F, 0x58, 0x05])
        // The displacements reach the literals placed after the code: the code computes with them.
        let memory = try #require(ExecutableMemory(code))
        let function = unsafeBitCast(memory.start, to: (@convention(c) () -> Double).self)
        #expect(function() == (fma ? Double(Float(3.75).addingProduct(3.75, 2.25)) : 3.75))
    }

    @Test func fusedMultiplyAddsAndParityJumpsEncodeAsGNUAsMakesThem() {
        // The bytes GNU as makes of the AT&T forms in the comments (objdump -d).
        var a = X86Assembler()
        a.fusedMultiplyAdd(0, 1, .xmm(2))          // vfmadd231sd %xmm2,%xmm1,%xmm0      c4 e2 f1 b9 c2
        a.fusedMultiplyAdd(12, 9, .xmm(14))        // vfmadd231sd %xmm14,%xmm9,%xmm12    c4 42 b1 b9 e6
        a.fusedMultiplySubtract(7, 5, .xmm(3))     // vfmsub231sd %xmm3,%xmm5,%xmm7      c4 e2 d1 bb fb
        a.fusedMultiplySubtract(7, 5, .file(2))    // vfmsub231sd 0x10(%rbx),%xmm5,%xmm7 c4 e2 d1 bb 7b 10
        a.fusedMultiplyAdd(8, 13, .file(128))      // vfmadd231sd 0x400(%rbx),%xmm13,%xmm8 c4 62 91 b9 83 00 04 00 00
        a.roundToFloat32(3, .xmm(3))              // cvtsd2ss %xmm3,%xmm3; cvtss2sd %xmm3,%xmm3  f2 0f 5a db f3 0f 5a db
        a.roundToFloat32(12, .xmm(9))             // cvtsd2ss %xmm9,%xmm12; cvtss2sd %xmm12,%xmm12  f2 45 0f 5a e1 f3 45 0f 5a e4
        a.roundToFloat32(1, .file(2))             // cvtsd2ss 0x10(%rbx),%xmm1; cvtss2sd %xmm1,%xmm1  f2 0f 5a 4b 10 f3 0f 5a c9
        let next = a.makeLabel()
        a.jump(if: .notParity, to: next)          // jnp (rel32 0)                      0f 8b 00 00 00 00
        a.bind(next)
        a.jump(if: .parity, to: next)             // jp (rel32 −6, to itself)           0f 8a fa ff ff ff
        let expected: [UInt8] = [
            0xC4, 0xE2, 0xF1, 0xB9, 0xC2, 0xC4, 0x42, 0xB1, 0xB9, 0xE6, 0xC4, 0xE2, 0xD1, 0xBB, 0xFB,
            0xC4, 0xE2, 0xD1, 0xBB, 0x7B, 0x10, 0xC4, 0x62, 0x91, 0xB9, 0x83, 0x00, 0x04, 0x00, 0x00,
            0xF2, 0x0F, 0x5A, 0xDB, 0xF3, 0x0F, 0x5A, 0xDB, 0xF2, 0x45, 0x0F, 0x5A, 0xE1, 0xF3, 0x45, 0x0F, 0x5A, 0xE4,
            0xF2, 0x0F, 0x5A, 0x4B, 0x10, 0xF3, 0x0F, 0x5A, 0xC9,
            0x0F, 0x8B, 0x00, 0x00, 0x00, 0x00, 0x0F, 0x8A, 0xFA, 0xFF, 0xFF, 0xFF,
        ]
        #expect(a.bytes == expected)
    }

    @Test func vectorInstructionsEncodeAsObjdumpDecodes() {
        // The three-byte VEX forms (GNU as prefers two-byte ones where they exist); the comments are objdump -d -M intel's
        // reading of these bytes.
        var a = X86Assembler()
        a.moveVector(3, .ymm(12))                                  // vmovapd ymm3, ymm12
        a.moveVector(9, .memory(.init(.rbx, 0x400)))                // vmovupd ymm9, [rbx+0x400]
        a.moveVector(0, .memory(.init(.r12, 8)))                    // vmovupd ymm0, [r12+0x8]
        a.storeVector(.init(.rbx, 0x20), 14)                        // vmovupd [rbx+0x20], ymm14
        a.addVector(1, 2, .ymm(3))                                  // vaddpd ymm1, ymm2, ymm3
        a.subtractVector(10, 11, .memory(.init(.rbx, 0x80)))        // vsubpd ymm10, ymm11, [rbx+0x80]
        a.multiplyVector(4, 4, .ymm(15))                            // vmulpd ymm4, ymm4, ymm15
        a.divideVector(5, 13, .memory(.init(.rbx, 0x1000)))         // vdivpd ymm5, ymm13, [rbx+0x1000]
        a.squareRootVector(2, .memory(.init(.rbx, 0x40)))           // vsqrtpd ymm2, [rbx+0x40]
        a.squareRootVector(11, .ymm(9))                             // vsqrtpd ymm11, ymm9
        a.fusedMultiplyAddVector(6, 12, .ymm(1))                    // vfmadd231pd ymm6, ymm12, ymm1
        a.fusedMultiplySubtractVector(9, 2, .memory(.init(.rbx, 0x100)))  // vfmsub231pd ymm9, ymm2, [rbx+0x100]
        a.compareUnorderedVector(15, 3, .ymm(3))                    // vcmpunordpd ymm15, ymm3, ymm3
        a.blendVector(3, 3, .memory(.init(.rbx, 0x60)), mask: 15)   // vblendvpd ymm3, ymm3, [rbx+0x60], ymm15
        a.blendVector(10, 3, .ymm(9), mask: 15)                     // vblendvpd ymm10, ymm3, ymm9, ymm15
        a.negateVector(9, scratch: 15)                              // vpcmpeqd ymm15, ymm15, ymm15; vpsllq ymm15, ymm15, 63; vxorpd ymm9, ymm9, ymm15
        a.zeroUpper()                                               // vzeroupper
        a.compare(.rbx, .r12)                                       // cmp rbx, r12
        let expected: [UInt8] = [
            0xC4, 0xC1, 0x7D, 0x28, 0xDC, 0xC4, 0x61, 0x7D, 0x10, 0x8B, 0x00, 0x04, 0x00, 0x00, 0xC4, 0xC1,
            0x7D, 0x10, 0x44, 0x24, 0x08, 0xC4, 0x61, 0x7D, 0x11, 0x73, 0x20, 0xC4, 0xE1, 0x6D, 0x58, 0xCB,
            0xC4, 0x61, 0x25, 0x5C, 0x93, 0x80, 0x00, 0x00, 0x00, 0xC4, 0xC1, 0x5D, 0x59, 0xE7, 0xC4, 0xE1,
            0x15, 0x5E, 0xAB, 0x00, 0x10, 0x00, 0x00, 0xC4, 0xE1, 0x7D, 0x51, 0x53, 0x40, 0xC4, 0x41, 0x7D,
            0x51, 0xD9, 0xC4, 0xE2, 0x9D, 0xB8, 0xF1, 0xC4, 0x62, 0xED, 0xBA, 0x8B, 0x00, 0x01, 0x00, 0x00,
            0xC4, 0x61, 0x65, 0xC2, 0xFB, 0x03, 0xC4, 0xE3, 0x65, 0x4B, 0x5B, 0x60, 0xF0, 0xC4, 0x43, 0x65,
            0x4B, 0xD1, 0xF0, 0xC4, 0x41, 0x05, 0x76, 0xFF, 0xC4, 0xC1, 0x05, 0x73, 0xF7, 0x3F, 0xC4, 0x41,
            0x35, 0x57, 0xCF, 0xC5, 0xF8, 0x77, 0x4C, 0x39, 0xE3,
        ]
        #expect(a.bytes == expected)
    }

    @Test func vectorMinimaEncodeAsObjdumpDecodes() {
        // objdump -d -M intel's reading of these bytes in the comments.
        var a = X86Assembler()
        a.minimumVector(0, 1, .ymm(2))                                    // vminpd ymm0, ymm1, ymm2
        a.minimumVector(12, 9, .memory(.init(.rbx, 0x40)))                // vminpd ymm12, ymm9, [rbx+0x40]
        a.minimumVector(11, 3, .ymm(14))                                  // vminpd ymm11, ymm3, ymm14
        #expect(a.bytes == [0xC4, 0xE1, 0x75, 0x5D, 0xC2, 0xC4, 0x61, 0x35, 0x5D, 0x63, 0x40, 0xC4, 0x41, 0x65, 0x5D, 0xDE])
    }

    @Test func vectorMasksEncodeAsObjdumpDecodes() {
        // objdump -d -M intel's reading of these bytes in the comments.
        var a = X86Assembler()
        a.compareVector(1, 2, .ymm(3), .lessOrEqual)                      // vcmple_oqpd ymm1, ymm2, ymm3
        a.compareVector(9, 4, .memory(.init(.rbx, 0x40)), .greater)       // vcmpgt_oqpd ymm9, ymm4, [rbx+0x40]
        a.compareVector(0, 10, .ymm(11), .greaterOrEqual)                 // vcmpge_oqpd ymm0, ymm10, ymm11
        a.andVector(5, 6, .ymm(12))                                       // vandpd ymm5, ymm6, ymm12
        a.orVector(8, 8, .memory(.init(.rbx, 0x100)))                     // vorpd ymm8, ymm8, [rbx+0x100]
        a.moveMask(.rax, 5)                                               // vmovmskpd eax, ymm5
        a.moveMask(.r9, 13)                                               // vmovmskpd r9d, ymm13
        a.absoluteVector(2, scratch: 15)                                  // vpcmpeqd ymm15, ymm15, ymm15; vpsrlq ymm15, ymm15, 1; vandpd ymm2, ymm2, ymm15
        a.compare(.rax, 15)                                               // cmp rax, 0xf
        a.compare(.r13, .r12)                                             // cmp r13, r12
        let expected: [UInt8] = [
            0xC4, 0xE1, 0x6D, 0xC2, 0xCB, 0x12, 0xC4, 0x61, 0x5D, 0xC2, 0x4B, 0x40, 0x1E, 0xC4, 0xC1, 0x2D,
            0xC2, 0xC3, 0x1D, 0xC4, 0xC1, 0x4D, 0x54, 0xEC, 0xC4, 0x61, 0x3D, 0x56, 0x83, 0x00, 0x01, 0x00,
            0x00, 0xC4, 0xE1, 0x7D, 0x50, 0xC5, 0xC4, 0x41, 0x7D, 0x50, 0xCD, 0xC4, 0x41, 0x05, 0x76, 0xFF,
            0xC4, 0xC1, 0x05, 0x73, 0xD7, 0x01, 0xC4, 0xC1, 0x6D, 0x54, 0xD7, 0x48, 0x83, 0xF8, 0x0F, 0x4D,
            0x39, 0xE5,
        ]
        #expect(a.bytes == expected)
    }
}
