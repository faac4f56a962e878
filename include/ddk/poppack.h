/* The miniport kit: undo the packing of the last <pshpackN.h>.  No include guard. */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wpragma-pack"
#endif
#pragma pack(pop)
