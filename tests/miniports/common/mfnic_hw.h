/* mfnic_hw.h: the "mapfuzz test NIC" as its (invented) data sheet has it.
 *
 * PCI 4D46:4E49 ("MF", "NI"), revision 1.  Shared by the test miniports of
 * tests/miniports/; each driver keeps its own adapter header beside it.
 *
 *   BAR0  memory, 0x1000 bytes: the control and status registers (CSR)
 *   BAR1  I/O ports, 0x100: ports 0x00..0xEF mirror CSR 0x000..0x0EF;
 *         IOADDR/IODATA (0xF8/0xFC) reach any CSR indirectly
 *   INTA  one level-triggered line
 *
 * The register file reads 0 after power-up, so a "busy" bit is set while
 * the chip works and 0 means done: a driver that polls one sees a finished
 * reset and a finished EEPROM read on an idle chip.  CTRL.RST self-clears
 * in the chip; drivers wait for STATUS.RST_BUSY, which the chip holds for
 * the length of the reset, never for CTRL itself (a write-only view on
 * some steppings). */
#ifndef MFNIC_HW_H
#define MFNIC_HW_H

#define MFNIC_VENDOR_ID 0x4D46
#define MFNIC_DEVICE_ID 0x4E49
#define MFNIC_REVISION_MIN 1

#define MFNIC_CSR_SIZE 0x1000 /* BAR0 */
#define MFNIC_IO_SIZE 0x100   /* BAR1 */

/* ---- PCI configuration space (the standard header) ---- */
#define MFNIC_PCI_VENDOR_ID 0x00 /* USHORT */
#define MFNIC_PCI_DEVICE_ID 0x02 /* USHORT */
#define MFNIC_PCI_COMMAND 0x04   /* USHORT */
#define MFNIC_PCI_CMD_IO 0x0001
#define MFNIC_PCI_CMD_MEMORY 0x0002
#define MFNIC_PCI_CMD_MASTER 0x0004
#define MFNIC_PCI_REVISION_ID 0x08 /* UCHAR */
#define MFNIC_PCI_SUBSYSTEM_ID 0x2E

/* ---- CSR (BAR0 offsets, ULONG registers) ---- */
#define MFNIC_CTRL 0x000
#define MFNIC_CTRL_RST 0x00000001 /* full reset; self-clears */
#define MFNIC_CTRL_RXEN 0x00000002
#define MFNIC_CTRL_TXEN 0x00000004
#define MFNIC_CTRL_SLU 0x00000008 /* set link up */
#define MFNIC_CTRL_BME 0x00000010 /* descriptor DMA enable */
#define MFNIC_CTRL_PROMISC 0x00000100

#define MFNIC_STATUS 0x004
#define MFNIC_STATUS_LU 0x00000001 /* link up */
#define MFNIC_STATUS_FD 0x00000002 /* full duplex */
#define MFNIC_STATUS_SPEED_MASK 0x0000000C
#define MFNIC_STATUS_SPEED_10 0x00000000
#define MFNIC_STATUS_SPEED_100 0x00000004
#define MFNIC_STATUS_SPEED_1000 0x00000008
#define MFNIC_STATUS_EE_PRESENT 0x00000100
#define MFNIC_STATUS_RST_BUSY 0x80000000 /* held while a reset runs */

#define MFNIC_CHIPREV 0x008 /* read only: stepping */

#define MFNIC_ICR 0x010 /* interrupt cause, read to clear */
#define MFNIC_IMS 0x014 /* interrupt mask set */
#define MFNIC_IMC 0x018 /* interrupt mask clear */
#define MFNIC_INT_TXDONE 0x00000001
#define MFNIC_INT_RXDONE 0x00000002
#define MFNIC_INT_LINK 0x00000004
#define MFNIC_INT_RXOVR 0x00000008
#define MFNIC_INT_ERR 0x00000010
#define MFNIC_INT_ALL 0x0000001F
#define MFNIC_INT_DEFAULT (MFNIC_INT_TXDONE | MFNIC_INT_RXDONE | MFNIC_INT_LINK | MFNIC_INT_RXOVR)

#define MFNIC_EECMD 0x020 /* write: START | word address << 8 */
#define MFNIC_EECMD_START 0x00000001
#define MFNIC_EECMD_ADDR_SHIFT 8
#define MFNIC_EEDATA 0x024 /* read: BUSY, data in bits 0..15 */
#define MFNIC_EEDATA_BUSY 0x80000000
#define MFNIC_EEDATA_MASK 0x0000FFFF

#define MFNIC_MACLO 0x028 /* station address bytes 0..3 */
#define MFNIC_MACHI 0x02C /* bytes 4..5, AV in bit 31 */
#define MFNIC_MACHI_AV 0x80000000
#define MFNIC_RXFILTER 0x030
#define MFNIC_RXF_UNICAST 0x1
#define MFNIC_RXF_BROADCAST 0x2
#define MFNIC_RXF_MULTICAST 0x4
#define MFNIC_RXF_ALLMULTI 0x8

#define MFNIC_TDBAL 0x100 /* transmit ring base, low 32 bits */
#define MFNIC_TDBAH 0x104
#define MFNIC_TDLEN 0x108 /* ring length in bytes */
#define MFNIC_TDH 0x10C
#define MFNIC_TDT 0x110

#define MFNIC_RDBAL 0x200 /* receive ring */
#define MFNIC_RDBAH 0x204
#define MFNIC_RDLEN 0x208
#define MFNIC_RDH 0x20C
#define MFNIC_RDT 0x210
#define MFNIC_RXBUFSZ 0x214

#define MFNIC_MTA 0x400 /* multicast hash table, 32 ULONGs */
#define MFNIC_MTA_WORDS 32

#define MFNIC_STAT_RXOK 0x800 /* statistics, clear on read */
#define MFNIC_STAT_TXOK 0x804
#define MFNIC_STAT_RXERR 0x808
#define MFNIC_STAT_TXERR 0x80C

/* ---- BAR1: the I/O window ---- */
#define MFNIC_IO_IOADDR 0xF8 /* CSR offset for IODATA */
#define MFNIC_IO_IODATA 0xFC

/* ---- Descriptors: 16 bytes, little endian ---- */
#define MFNIC_DESC_SIZE 16
#define MFNIC_DESC_DD 0x0001  /* descriptor done (written by the chip) */
#define MFNIC_DESC_EOP 0x0002 /* end of packet */
#define MFNIC_DESC_IRQ 0x0004 /* interrupt when done */

/* ---- EEPROM (64 words) ---- */
#define MFNIC_EE_MAC0 0x00 /* words 0..2: station address */
#define MFNIC_EE_CFG 0x03
#define MFNIC_EE_SUBSYS 0x0A
#define MFNIC_EE_WORDS 0x40
#define MFNIC_EE_CHECKSUM_WORD 0x3F
#define MFNIC_EE_CHECKSUM 0x4D46 /* sum of all 64 words */

/* ---- Timing ---- */
#define MFNIC_RESET_POLLS 100   /* x 10 us */
#define MFNIC_EEPROM_POLLS 50   /* x 5 us */

#define MFNIC_MAX_FRAME 1518
#define MFNIC_RX_BUFFER 2048

#endif
