package event

import (
	"healthgrid/internal/apperr"
)

// statusLabel and actionLabel name statuses and actions the way a 卫健委
// officer reads them, for the reasons a refused action gives.
var statusLabel = map[string]string{
	Reported: "待受理", Registered: "已立案", NotAccepted: "不予受理", Merged: "已合并", Dispatched: "处置中",
	SelfHandling: "网格自处置", PendingVerify: "待核查", Closed: "已结案", Evaluated: "已评价", Suspended: "缓办中",
	TaskSummoned: "待报到", TaskAccepted: "已签收", TaskReturned: "已回退", TaskHandled: "已处置",
}

var actionLabel = map[Action]string{
	ActRegister: "立案", ActReject: "不予受理", ActMerge: "合并", ActDispatch: "派遣", ActSelfHandle: "网格自处置",
	ActWhistle: "吹哨", ActReportIn: "报到", ActAccept: "签收", ActReturn: "回退", ActHandle: "处置反馈",
	ActExtend: "申请延期", ActApproveExtension: "批准延期", ActDenyExtension: "驳回延期", ActVerify: "核查结案",
	ActReopen: "返工", ActEvaluate: "评价", ActSuspend: "缓办", ActResume: "恢复办理", ActSupervise: "督办", ActEscalate: "上报上级",
}

// Coded refusals of the workflow; params name the action and statuses by
// their codes (statusLabel and actionLabel word them in the detail).
var (
	errUnknownAction  = apperr.New(apperr.ErrInvalid, "event.unknown_action", "")
	errNotNow         = apperr.New(apperr.ErrConflict, "event.action_not_allowed", "")
	errNotYours       = apperr.New(apperr.ErrForbidden, "event.action_forbidden", "")
	errTaskNotNow     = apperr.New(apperr.ErrConflict, "event.task_action_not_allowed", "")
	errRequired       = apperr.New(apperr.ErrInvalid, "event.required", "")
	errMergeSelf      = apperr.New(apperr.ErrInvalid, "event.merge_into_itself", "不能合并到自身 / an event cannot merge into itself")
	errMergeNoTarget  = apperr.New(apperr.ErrInvalid, "event.merge_target_not_found", "事件不存在 / no such event")
	errMergeTarget    = apperr.New(apperr.ErrConflict, "event.merge_target_closed", "")
	errLeadActive     = apperr.New(apperr.ErrConflict, "event.lead_active", "已有主办单位在办 / a lead department is still on it")
	errRating         = apperr.New(apperr.ErrInvalid, "event.rating_range", "满意度应为1–5 / rating must be 1 to 5")
	errDate           = apperr.New(apperr.ErrInvalid, "event.bad_date", "日期无效 / not a valid date")
	errDateOrder      = apperr.New(apperr.ErrInvalid, "event.date_order", "结束日期早于开始日期 / to is before from")
	errNotAttachable  = apperr.New(apperr.ErrInvalid, "event.attachments_not_allowed", "")
	errTooManyFiles   = apperr.New(apperr.ErrInvalid, "event.too_many_attachments", "")
	errDeadlinePast   = apperr.New(apperr.ErrInvalid, "event.deadline_past", "")
	errDeadlineEarly  = apperr.New(apperr.ErrInvalid, "event.extension_not_later", "延期后的期限须晚于原期限 / the new deadline must be later than the current one")
	errUnitTwice      = apperr.New(apperr.ErrInvalid, "event.unit_twice", "单位重复 / the unit is listed twice")
	errUnitNotFound   = apperr.New(apperr.ErrInvalid, "event.unit_not_found", "单位不存在 / no such unit")
	errUnitOutOfReach = apperr.New(apperr.ErrInvalid, "event.unit_out_of_reach", "")
	errUnitBusy       = apperr.New(apperr.ErrInvalid, "event.unit_busy", "")
)

func unknownAction(a Action) error {
	return errUnknownAction.With(apperr.P{"action": string(a)}, "未知的操作 / unknown action "+string(a)).Field("body.action")
}

func notNow(action Action, status string) error {
	return errNotNow.Withf(apperr.P{"action": string(action), "status": status},
		"事件状态为「%s」,不能%s / %s is not allowed while the event is %s",
		statusLabel[status], actionLabel[action], action, status)
}

func notYours(action Action) error {
	return errNotYours.Withf(apperr.P{"action": string(action)}, "您无权对此事件%s / you may not %s this event", actionLabel[action], action)
}

func taskNotNow(action Action, t *Task) error {
	status, label := t.Status, statusLabel[t.Status]
	params := apperr.P{"action": string(action), "task_status": t.Status}
	switch {
	case t.Status == TaskDispatched:
		label = "待签收"
	case t.ExtensionDeadline != nil:
		status, label = "awaiting an extension decision", "延期待审批"
		params["task_status"] = "extension_pending"
	case action == "approve_extension" || action == "deny_extension":
		status, label = "without an extension request", label+"(无延期申请)"
		params["extension"] = "none"
	}
	return errTaskNotNow.Withf(params, "任务状态为「%s」,不能%s / %s is not allowed on a task that is %s",
		label, actionLabel[action], action, status)
}

func required(field, what string) error {
	return errRequired.With(apperr.P{"field": field}, what+"不能为空 / "+field+" is required").Field("body." + field)
}
