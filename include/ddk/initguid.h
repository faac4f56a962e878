/* The miniport kit: after this header, DEFINE_GUID defines its GUID. */
#ifndef INITGUID
#define INITGUID
#endif
#include <guiddef.h>
