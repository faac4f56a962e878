/* The miniport kit (include/ddk/): SAL annotations.  The WDK's source
 * annotation language marks parameters for its static analysers; under gcc
 * and clang they carry no meaning, so every annotation a driver may write
 * expands to nothing.  Function-like ones take their arguments and drop
 * them.  Written for mapfuzz from the documented annotation names. */
#ifndef MAPFUZZ_DDK_SAL_H
#define MAPFUZZ_DDK_SAL_H

/* Parameters */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _Outptr_opt_result_nullonfailure_
#define _Outptr_result_z_
#define _COM_Outptr_
#define _Reserved_
#define _Pre_notnull_
#define _Pre_null_
#define _Pre_maybenull_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_null_
#define _Post_notnull_
#define _Post_maybenull_
#define _Post_z_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Notnull_
#define _Maybenull_
#define _Printf_format_string_
#define _Check_return_
#define _Must_inspect_result_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Ret_
#define _Ret_z_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(lo, hi)
#define _Ret_writes_(s)
#define _Ret_writes_bytes_(s)
#define _Ret_writes_maybenull_(s)
#define _Ret_writes_bytes_maybenull_(s)
#define _Ret_maybenull_z_
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Field_size_(s)
#define _Field_size_opt_(s)
#define _Field_size_bytes_(s)
#define _Field_size_bytes_opt_(s)
#define _Field_size_part_(s, c)
#define _Field_size_bytes_part_(s, c)
#define _Field_range_(lo, hi)
#define _Field_z_
#define _Struct_size_bytes_(s)
#define _In_range_(lo, hi)
#define _Out_range_(lo, hi)
#define _Deref_in_range_(lo, hi)
#define _Deref_out_range_(lo, hi)
#define _Pre_satisfies_(e)
#define _Post_satisfies_(e)
#define _Satisfies_(e)
#define _Points_to_data_
#define _Literal_
#define _Notliteral_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Post_writable_byte_size_(s)
#define _Post_readable_byte_size_(s)
#define _Readable_bytes_(s)
#define _Writable_bytes_(s)
#define _Readable_elements_(s)
#define _Writable_elements_(s)
#define _In_reads_(s)
#define _In_reads_opt_(s)
#define _In_reads_bytes_(s)
#define _In_reads_bytes_opt_(s)
#define _In_reads_z_(s)
#define _In_reads_or_z_(s)
#define _In_reads_to_ptr_(p)
#define _Out_writes_(s)
#define _Out_writes_opt_(s)
#define _Out_writes_bytes_(s)
#define _Out_writes_bytes_opt_(s)
#define _Out_writes_z_(s)
#define _Out_writes_opt_z_(s)
#define _Out_writes_to_(s, c)
#define _Out_writes_to_opt_(s, c)
#define _Out_writes_all_(s)
#define _Out_writes_all_opt_(s)
#define _Out_writes_bytes_to_(s, c)
#define _Out_writes_bytes_to_opt_(s, c)
#define _Out_writes_bytes_all_(s)
#define _Out_writes_bytes_all_opt_(s)
#define _Inout_updates_(s)
#define _Inout_updates_opt_(s)
#define _Inout_updates_z_(s)
#define _Inout_updates_bytes_(s)
#define _Inout_updates_bytes_opt_(s)
#define _Inout_updates_to_(s, c)
#define _Inout_updates_all_(s)
#define _Inout_updates_bytes_all_(s)
#define _Outptr_result_buffer_(s)
#define _Outptr_result_bytebuffer_(s)
#define _Outptr_opt_result_buffer_(s)
#define _Outptr_opt_result_bytebuffer_(s)
#define _Outptr_result_bytebuffer_maybenull_(s)
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_post_null_
#define _Deref_post_maybenull_
#define _Deref_pre_maybenull_
#define _Deref_out_z_
#define _When_(c, a)
#define _On_failure_(a)
#define _Always_(a)
#define _Analysis_assume_(e)
#define _Analysis_noreturn_
#define _Analysis_mode_(m)
#define _Use_decl_annotations_
#define _Interlocked_operand_
#define _Interlocked_
#define _Guarded_by_(l)
#define _Write_guarded_by_(l)
#define _Requires_lock_held_(l)
#define _Requires_lock_not_held_(l)
#define _Acquires_lock_(l)
#define _Releases_lock_(l)
#define _Acquires_exclusive_lock_(l)
#define _Releases_exclusive_lock_(l)
#define _Acquires_shared_lock_(l)
#define _Releases_shared_lock_(l)
#define _Requires_exclusive_lock_held_(l)
#define _Requires_shared_lock_held_(l)
#define _Has_lock_kind_(k)
#define _Lock_kind_spin_lock_
#define _Create_lock_level_(l)
#define _Lock_level_order_(a, b)
#define _No_competing_thread_
#define _Benign_race_begin_
#define _Benign_race_end_
#define _Strict_type_match_
#define _Enum_is_bitflag_
#define _Function_class_(x)
#define _Raises_SEH_exception_

/* Driver annotations (driverspecs.h) */
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_requires_same_
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_always_function_min_(irql)
#define _IRQL_always_function_max_(irql)
#define _IRQL_is_cancel_
#define _IRQL_uses_cancel_
#define _IRQL_requires_function_(irql)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_requires_resource_held_(r)
#define _Kernel_requires_resource_not_held_(r)
#define _Kernel_acquires_resource_(r)
#define _Kernel_releases_resource_(r)
#define _Kernel_clear_do_init_(yn)
#define _Kernel_IoGetDmaAdapter_
#define _Dispatch_type_(t)
#define _When_(c, a)
#define __drv_aliasesMem
#define __drv_allocatesMem(kind)
#define __drv_freesMem(kind)
#define __drv_maxIRQL(irql)
#define __drv_minIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_setsIRQL(irql)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_savesIRQLGlobal(kind, param)
#define __drv_restoresIRQLGlobal(kind, param)
#define __drv_raisesIRQL(irql)
#define __drv_sameIRQL
#define __drv_dispatchType(t)
#define __drv_dispatchType_other
#define __drv_functionClass(x)
#define __drv_when(c, a)
#define __drv_preferredFunction(f, why)
#define __drv_reportError(why)
#define __drv_strictType(t, m)
#define __drv_strictTypeMatch(m)
#define __drv_out(a)
#define __drv_in(a)
#define __drv_arg(e, a)
#define __drv_acquiresResource(k)
#define __drv_releasesResource(k)
#define __drv_mustHold(k)
#define __drv_neverHold(k)
#define __drv_acquiresExclusiveResource(k)
#define __drv_releasesExclusiveResource(k)
#define __drv_isObjectPointer
#define __drv_valueIs(l)
#define __drv_inTry
#define __drv_notPointer
#define __drv_clearDoInit(yn)
#define __drv_useCancelIRQL
#define __drv_nonConstant
#define __drv_constant
#define __drv_formatString(k)
#define __drv_interlocked
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_floatUsed

/* The older __in / __out family (specstrings.h) */
#define __in
#define __in_opt
#define __in_z
#define __in_ecount(s)
#define __in_bcount(s)
#define __in_bcount_opt(s)
#define __in_ecount_opt(s)
#define __out
#define __out_opt
#define __out_ecount(s)
#define __out_bcount(s)
#define __out_bcount_opt(s)
#define __out_ecount_opt(s)
#define __out_bcount_part(s, l)
#define __out_ecount_part(s, l)
#define __inout
#define __inout_opt
#define __inout_ecount(s)
#define __inout_bcount(s)
#define __inout_bcount_opt(s)
#define __deref_out
#define __deref_out_opt
#define __deref_inout
#define __deref_out_ecount(s)
#define __deref_out_bcount(s)
#define __deref_opt_out
#define __reserved
#define __checkReturn
#define __nullterminated
#define __success(e)
#define __field_ecount(s)
#define __field_bcount(s)
#define __out_xcount(s)
#define __bcount(s)
#define __ecount(s)
#define __format_string
#define __callback
#define __override
#define __analysis_assume(e)

#endif
