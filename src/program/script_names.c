/* Names of the text form (docs/FORMAT.md), shared by writer, parser and trace. */
#include "script.h"
#include "script_names.h"

static const char *const opcode_names[OP_COUNT] = {
	[OP_ADAPTER] = "adapter",
	[OP_MAP] = "map",
	[OP_UNMAP] = "unmap",
	[OP_INIT_DONE] = "init-done",
	[OP_INIT_FAIL] = "init-fail",
	[OP_HALT] = "halt",
	[OP_HALT_END] = "halt-end",
	[OP_REMOVE] = "remove",
	[OP_ARM] = "arm",
	[OP_TOUCH] = "touch",
};

const char *mf_opcode_name(mf_opcode code)
{
	return (unsigned)code < OP_COUNT ? opcode_names[code] : "?";
}

const char *mf_status_name(NDIS_STATUS status)
{
	if (status == NDIS_STATUS_SUCCESS)
		return "SUCCESS";
	if (status == NDIS_STATUS_FAILURE)
		return "FAILURE";
	if (status == NDIS_STATUS_RESOURCES)
		return "RESOURCES";
	if (status == NDIS_STATUS_RESOURCE_CONFLICT)
		return "RESOURCE_CONFLICT";
	return "UNKNOWN";
}

/* INTERFACE_TYPE names, indexed by type + 1 (InterfaceTypeUndefined is -1). */
const char *const mf_type_names[MF_TYPE_NAME_COUNT] = {
	"undefined", "internal", "isa", "eisa", "microchannel", "turbochannel",
	"pci", "vme", "nubus", "pcmcia", "cbus", "mpi", "mpsa",
	"processorinternal", "internalpower", "pnpisa", "pnp", "vmcs", "max",
};

const anchor_name mf_addr_anchors[] = {
	{ADDR_ZERO, "zero", NULL},
	{ADDR_WIN_START, "win", ".start"},
	{ADDR_WIN_END, "win", ".end"},
	{ADDR_MAP_START, "m", ".start"},
	{ADDR_MAP_END, "m", ".end"},
	{ADDR_MIN, "min", NULL},
	{ADDR_MAX, "max", NULL},
};
const size_t mf_addr_anchor_count = sizeof(mf_addr_anchors) / sizeof(mf_addr_anchors[0]);

const anchor_name mf_len_anchors[] = {
	{LEN_ZERO, "zero", NULL},
	{LEN_WIN_SIZE, "win", ".size"},
	{LEN_TO_WIN_END, "to:win", ".end"},
	{LEN_TO_MAP_START, "to:m", ".start"},
	{LEN_MAP_LEN, "m", ".len"},
};
const size_t mf_len_anchor_count = sizeof(mf_len_anchors) / sizeof(mf_len_anchors[0]);
