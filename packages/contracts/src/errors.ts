import { z } from 'zod';

/** A message in both languages the platform speaks. */
export const LocalizedText = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** One field-level problem inside a problem+json body. */
export const FieldProblem = z.object({
  field: z.string(),
  code: z.string(),
  message: LocalizedText,
});
export type FieldProblem = z.infer<typeof FieldProblem>;

/** RFC 9457 problem+json body, extended with a stable code, bilingual message and the offending field. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  message: LocalizedText,
  field: z.string().optional(),
  errors: z.array(FieldProblem).optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Stable error codes with their default bilingual messages. */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据有误', en: 'The submitted data is invalid' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  SESSION_EXPIRED: { status: 401, zh: '会话已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '账号已被锁定，请稍后再试', en: 'The account is locked; try again later' },
  SIGN_IN_THROTTLED: {
    status: 429,
    zh: '此地址登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins from this address; try again later',
  },
  SECOND_FACTOR_REQUIRED: {
    status: 403,
    zh: '请先完成二次验证（动态口令）',
    en: 'Complete the second factor (one-time code) first',
  },
  SECOND_FACTOR_INVALID: {
    status: 400,
    zh: '动态口令或恢复码不正确',
    en: 'The one-time code or recovery code is wrong',
  },
  SECOND_FACTOR_NOT_ENROLLING: {
    status: 409,
    zh: '没有待确认的动态口令绑定，请重新开始绑定',
    en: 'No authenticator enrolment is waiting; start again',
  },
  SECOND_FACTOR_ENROLLED: {
    status: 409,
    zh: '已绑定动态口令；如需更换，请安全管理员重置',
    en: 'An authenticator is enrolled already; the security officer can reset it',
  },
  SESSION_NOT_FOUND: { status: 404, zh: '会话不存在', en: 'Session not found' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '请先修改密码（初始密码或已过期的密码）',
    en: 'Change your password first (an initial or expired one)',
  },
  PASSWORD_TOO_WEAK: { status: 400, zh: '密码不符合复杂度要求', en: 'The password does not meet the complexity rules' },
  PASSWORD_REUSED: { status: 400, zh: '不能使用最近用过的密码', en: 'A recently used password cannot be reused' },
  CSRF_FAILED: { status: 403, zh: '请求校验失败，请刷新页面', en: 'Request verification failed; reload the page' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  CONFLICT: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁', en: 'Too many requests' },
  READ_TIMED_OUT: {
    status: 503,
    zh: '统计耗时过长，已停止，请稍后再试',
    en: 'Counting took too long and was stopped; try again shortly',
  },
  ORG_NOT_FOUND: {
    status: 404,
    zh: '组织不存在或不在您的管辖范围内',
    en: 'Organization not found or outside your scope',
  },
  ORG_CODE_TAKEN: { status: 409, zh: '组织代码已被使用', en: 'The organization code is already in use' },
  ORG_INVALID_PARENT: { status: 400, zh: '上级组织不合法', en: 'The parent organization is not valid' },
  ORG_NOT_ACTIVE: { status: 409, zh: '组织已撤销或合并', en: 'The organization is no longer active' },
  ORG_HAS_CHILDREN: { status: 409, zh: '组织下仍有在册的下级组织', en: 'The organization still has active children' },
  ORG_INVALID_DATE: { status: 400, zh: '生效日期不合法', en: 'The effective date is not valid' },
  TERM_INVALID_TRANSITION: { status: 409, zh: '换届状态不能这样变更', en: 'This election state change is not allowed' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在或不在您的管辖范围内', en: 'User not found or outside your scope' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is already in use' },
  ROLE_NOT_GRANTABLE: { status: 403, zh: '无权授予该角色', en: 'You may not grant this role' },
  PERSON_NOT_FOUND: { status: 404, zh: '人员不存在或不在您的管辖范围内', en: 'Person not found or outside your scope' },
  PERSON_ID_INVALID: { status: 400, zh: '身份证号无效', en: 'The ID number is not valid' },
  PERSON_ID_CONTRADICTION: {
    status: 400,
    zh: '出生日期或性别与身份证号不一致',
    en: 'The birth date or gender contradicts the ID number',
  },
  PERSON_DUPLICATE_ID: {
    status: 409,
    zh: '该身份证号已登记',
    en: 'A person with this ID number is already registered',
  },
  PERSON_VERSION_CONFLICT: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and try again',
  },
  PERSON_MERGED: { status: 409, zh: '该人员已被合并', en: 'This person has been merged into another record' },
  TAG_UNKNOWN: { status: 400, zh: '标签不存在', en: 'Unknown tag' },
  FAMILY_NOT_FOUND: { status: 404, zh: '家庭不存在或不在您的管辖范围内', en: 'Family not found or outside your scope' },
  CASE_NOT_FOUND: { status: 404, zh: '案件不存在或不在您的管辖范围内', en: 'Case not found or outside your scope' },
  CASE_ACCESS_DENIED: {
    status: 403,
    zh: '您无权查看该案件内容（仅限承办人、督导和联动单位；紧急情况可申请临时查看）',
    en: 'You may not read this case (assigned workers, supervisors and referred agencies only; break-glass access is available in an emergency)',
  },
  CASE_INVALID_TRANSITION: { status: 409, zh: '案件状态不能这样变更', en: 'This case state change is not allowed' },
  CASE_VERSION_CONFLICT: {
    status: 409,
    zh: '案件已被他人修改，请刷新后重试',
    en: 'The case was changed by someone else; reload and try again',
  },
  CASE_ASSIGNEE_INVALID: {
    status: 400,
    zh: '承办人必须是该案件所属组织或上级组织的维权工作人员',
    en: 'The assignee must be a case worker, mediator or counsellor of the case org or one above it',
  },
  CASE_PARTY_NOT_FOUND: { status: 404, zh: '当事人不存在', en: 'Party not found' },
  AGENCY_NOT_FOUND: {
    status: 404,
    zh: '联动单位不存在或不服务于该案件所属地区',
    en: 'Partner agency not found or not serving this case',
  },
  REFERRAL_NOT_FOUND: { status: 404, zh: '转介不存在', en: 'Referral not found' },
  REFERRAL_INVALID_TRANSITION: {
    status: 409,
    zh: '转介状态不能这样变更',
    en: 'This referral state change is not allowed',
  },
  INSTRUMENT_NOT_FOUND: { status: 404, zh: '文书记录不存在', en: 'Instrument not found' },
  MEDIATION_NOT_FOUND: { status: 404, zh: '调解记录不存在', en: 'Mediation not found' },
  MEDIATION_CLOSED: { status: 409, zh: '调解已结束', en: 'The mediation has ended' },
  FOLLOW_UP_NOT_FOUND: { status: 404, zh: '回访记录不存在', en: 'Follow-up not found' },
  NIL_REPORT_CONFLICT: {
    status: 409,
    zh: '该期已有报告（零报告只能在本期无案件时提交）',
    en: 'This period already has reports (a nil report needs a period without cases)',
  },
  CALENDAR_INVALID: { status: 400, zh: '节假日安排不合法', en: 'The holiday schedule is not valid' },
  NOTIFICATION_NOT_FOUND: { status: 404, zh: '通知不存在', en: 'Notification not found' },
  FILE_TOO_LARGE: { status: 413, zh: '文件过大', en: 'The file is too large' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, zh: '不支持的文件类型', en: 'This type of file is not accepted' },
  FILE_EMPTY: { status: 400, zh: '文件为空', en: 'The file is empty' },
  FILE_NOT_FOUND: { status: 404, zh: '文件不存在', en: 'File not found' },
  SMS_UNAVAILABLE: { status: 503, zh: '短信通道未配置', en: 'No SMS channel is configured' },
  CATEGORY_UNKNOWN: { status: 400, zh: '诉求类别不存在', en: 'Unknown demand category' },
  PROPOSAL_NOT_FOUND: {
    status: 404,
    zh: '建议提案记录不存在或不在您的管辖范围内',
    en: 'Proposal not found or outside your scope',
  },
  PROPOSAL_INVALID_TRANSITION: {
    status: 409,
    zh: '该建议提案当前状态不允许此操作',
    en: "Not allowed in the proposal's current status",
  },
  DEMAND_NOT_FOUND: { status: 404, zh: '诉求不存在或不在您的管辖范围内', en: 'Demand not found or outside your scope' },
  DEMAND_INVALID_TRANSITION: {
    status: 409,
    zh: '诉求当前状态不能进行此操作',
    en: "This action is not allowed in the demand's current state",
  },
  DEMAND_ACTION_FORBIDDEN: {
    status: 403,
    zh: '您不能对该诉求进行此操作',
    en: 'You may not take this action on the demand',
  },
  DEMAND_NOT_ESCALATED: { status: 409, zh: '该诉求未提交督办', en: 'The demand has not been escalated' },
  ASSIGNEE_INVALID: {
    status: 400,
    zh: '承办人不在本组织或没有承办权限',
    en: 'The assignee is not a handler of this organization',
  },
  SERVICE_ITEM_NOT_FOUND: { status: 404, zh: '服务项目不存在', en: 'Service not found' },
  SERVICE_FULL: {
    status: 409,
    zh: '本周该服务已约满，请下周再预约',
    en: 'This service is fully booked this week; try next week',
  },
  SERVICE_CLOSED: { status: 400, zh: '该服务当天不开放', en: 'The service is not open on that day' },
  CAMPAIGN_NOT_FOUND: {
    status: 404,
    zh: '走访活动不存在或不在您的管辖范围内',
    en: 'Campaign not found or outside your scope',
  },
  CAMPAIGN_CLOSED: { status: 409, zh: '走访活动已结束', en: 'The campaign is closed' },
  VISIT_NOT_FOUND: {
    status: 404,
    zh: '走访记录不存在或不在您的管辖范围内',
    en: 'Visit not found or outside your scope',
  },
  RESIDENT_NOT_FOUND: {
    status: 404,
    zh: '群众账号不存在或不在您的管辖范围内',
    en: 'Resident not found or outside your scope',
  },
  RESIDENT_ALREADY_LINKED: {
    status: 409,
    zh: '该群众已关联人员信息',
    en: 'The resident is already linked to a registry person',
  },
  LOGIN_CODE_INVALID: { status: 401, zh: '验证码错误或已失效', en: 'The code is wrong or no longer valid' },
  LOGIN_CODE_TOO_SOON: {
    status: 429,
    zh: '验证码发送过于频繁，请稍后再试',
    en: 'A code was sent moments ago; wait before asking again',
  },
  TASK_NOT_FOUND: { status: 404, zh: '任务不存在或不在您的管辖范围内', en: 'Task not found or outside your scope' },
  ASSIGNMENT_NOT_FOUND: { status: 404, zh: '任务接收单位不存在', en: 'This receiver of the task was not found' },
  FORM_NOT_FOUND: {
    status: 404,
    zh: '报表不存在或不在您的管辖范围内',
    en: 'Report form not found or outside your scope',
  },
  FORM_DEFINITION_INVALID: { status: 400, zh: '报表定义有误', en: 'The report form definition is invalid' },
  SUBMISSION_INVALID: { status: 400, zh: '填报内容有误', en: 'The submission has errors' },
  SUBMISSION_LOCKED: { status: 409, zh: '报表已审核通过并锁定，不能修改', en: 'The submission is approved and locked' },
  TASK_INVALID_TRANSITION: {
    status: 409,
    zh: '任务当前状态不能进行此操作',
    en: "This action is not allowed in the task's current state",
  },
  TASK_VERSION_CONFLICT: {
    status: 409,
    zh: '填报内容已被他人修改，请刷新后重试',
    en: 'The submission was changed by someone else; reload and try again',
  },
  TASK_NO_RECEIVERS: {
    status: 400,
    zh: '所选范围内没有可接收的组织',
    en: 'No organization of the chosen range can receive it',
  },
  CARE_PROGRAM_NOT_FOUND: {
    status: 404,
    zh: '关爱项目不存在或不在您的管辖范围内',
    en: 'Care program not found or outside your scope',
  },
  CARE_APPLICATION_NOT_FOUND: {
    status: 404,
    zh: '申请不存在或不在您的管辖范围内',
    en: 'Application not found or outside your scope',
  },
  CARE_NOT_ELIGIBLE: {
    status: 400,
    zh: '申请人不符合该项目的条件',
    en: 'The applicant does not meet the program rules',
  },
  CARE_ALREADY_BENEFITED: { status: 409, zh: '申请人已享受过该项目', en: 'The applicant already had this benefit' },
  CARE_QUOTA_EXHAUSTED: { status: 409, zh: '本区县名额已用完', en: "The district's quota is used up" },
  CARE_BUDGET_EXHAUSTED: { status: 409, zh: '项目资金不足', en: "The program's budget is used up" },
  CARE_INVALID_TRANSITION: {
    status: 409,
    zh: '申请当前状态不能执行此操作',
    en: 'The application cannot do this in its state',
  },
  CARE_NOT_YOUR_LEVEL: {
    status: 403,
    zh: '该申请不在您所在层级的审核环节',
    en: 'The application is not waiting at your level',
  },
  CARE_MATERIALS_MISSING: { status: 400, zh: '缺少必需的申请材料', en: 'Required material is missing' },
  CARE_PROGRAM_CLOSED: { status: 409, zh: '项目未开放申请', en: 'The program is not open for applications' },
  PARCEL_BATCH_NOT_FOUND: {
    status: 404,
    zh: '邮包批次不存在或不在您的管辖范围内',
    en: 'Parcel batch not found or outside your scope',
  },
  PARCEL_SHORT: {
    status: 409,
    zh: '可分配或可发放的邮包数量不足',
    en: 'Not enough parcels left to allocate or deliver',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  ACTIVITY_NOT_FOUND: {
    status: 404,
    zh: '活动不存在或不在您的管辖范围内',
    en: 'Activity not found or outside your scope',
  },
  ACTIVITY_INVALID_TRANSITION: {
    status: 409,
    zh: '活动状态不能这样变更',
    en: 'This activity state change is not allowed',
  },
  ACTIVITY_FULL: { status: 409, zh: '活动名额已满', en: 'The activity is full' },
  ACTIVITY_ALREADY_REGISTERED: { status: 409, zh: '该手机号已报名', en: 'This phone number is already registered' },
  CHECKIN_TOKEN_INVALID: { status: 400, zh: '签到二维码无效或已过期', en: 'The check-in code is invalid or expired' },
  CHECKIN_CLOSED: { status: 409, zh: '当前不在签到时间内', en: 'Check-in is not open now' },
  ROLE_GRANT_NOT_FOUND: {
    status: 404,
    zh: '授权申请不存在或不在您的管辖范围内',
    en: 'Role grant not found or outside your scope',
  },
  ROLE_GRANT_DECIDED: { status: 409, zh: '该授权申请已处理', en: 'This role grant has already been decided' },
  USER_PHONE_MISSING: {
    status: 409,
    zh: '该账号未登记本人手机号码，无法发送一次性密码：请安全管理员先登记',
    en: 'The account has no phone of its own to send a one-time password to: the security officer records it first',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;
export type ErrorCode = keyof typeof ERROR_CATALOGUE;
