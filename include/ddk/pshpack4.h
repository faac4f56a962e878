/* The miniport kit: pack following structures on 4-byte boundaries until
 * <poppack.h>.  No include guard: the WDK includes these in pairs, many
 * times.  Changing the packing inside an included file is the point of
 * this header, so clang's warning about it is off. */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wpragma-pack"
#endif
#pragma pack(push, 4)
